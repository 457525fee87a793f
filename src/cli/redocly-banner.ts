// Redocly CLI 2.x prints a boxed "Node.js 20 support is ending" notice on every command under
// Node 20. It tells this project's users nothing they can act on here (engines allows Node 20), so
// the commands that run Redocly drop that one box; every other line, warnings included, passes.
import { Transform, type TransformCallback } from 'node:stream';

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts every ANSI sequence.
const ANSI = /\u001b\[[0-9;]*m/g;
const TOP = /^\s*╔/;
const BOTTOM = /^\s*╚/;
const NODE_EOL = /Node\.js \d+ support is ending/;

/** A stream filter (line by line) that removes the Node end-of-life box and the blank lines around it. */
export class RedoclyBannerFilter extends Transform {
  private partial = '';
  private box: string[] | undefined;
  private blank: string | undefined;
  private dropNextBlank = false;

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const lines = (this.partial + chunk.toString()).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(`${line}\n`);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.partial) this.line(this.partial);
    if (this.box) this.push(this.box.join(''));
    if (this.blank !== undefined) this.push(this.blank);
    done();
  }

  private line(line: string): void {
    const plain = line.replace(ANSI, '');
    if (this.box) {
      this.box.push(line);
      if (BOTTOM.test(plain)) {
        const text = this.box.join('').replace(ANSI, '');
        if (NODE_EOL.test(text)) {
          this.blank = undefined;
          this.dropNextBlank = true;
        } else {
          this.release();
          this.push(this.box.join(''));
        }
        this.box = undefined;
      }
      return;
    }
    if (TOP.test(plain)) {
      this.box = [line];
      return;
    }
    if (plain.trim() === '') {
      if (this.dropNextBlank) {
        this.dropNextBlank = false;
        return;
      }
      this.release();
      this.blank = line;
      return;
    }
    this.dropNextBlank = false;
    this.release();
    this.push(line);
  }

  private release(): void {
    if (this.blank !== undefined) this.push(this.blank);
    this.blank = undefined;
  }
}

/** The same filter for a whole captured output. */
export function stripRedoclyBanner(text: string): string {
  const filter = new RedoclyBannerFilter();
  let out = '';
  filter.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  filter.end(text);
  // Transform streams emit synchronously for a write followed by end.
  return out;
}
