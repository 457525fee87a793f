// Test helper: runs a child process to completion and collects its output, for tests that drive
// real binaries (curl, node, tsc) rather than mocks.
import { type SpawnOptions, spawn } from 'node:child_process';

/** What a finished child process printed, and how it exited. */
export interface Captured {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command args` and resolves when it closes; rejects only when it cannot be started. */
export function runCaptured(command: string, args: string[], options: SpawnOptions = {}): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
