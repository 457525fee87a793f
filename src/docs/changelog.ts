// The API changelog (CHANGELOG.md at the repository root, one `## <version>` section per version)
// as Markdown that Redoc renders inside the page: appended to info.description under its own
// top-level heading, so it is a section of the menu with one entry per version, found by search.

/** The heading of the changelog section in the page (and its menu entry). */
export const CHANGELOG_HEADING = 'API changelog';

/** One version of the changelog. */
export interface ChangelogVersion {
  version: string;
  body: string;
}

/** Splits CHANGELOG.md into its `## <version>` sections (text before the first one is dropped). */
export function parseChangelog(markdown: string): ChangelogVersion[] {
  const versions: ChangelogVersion[] = [];
  let current: ChangelogVersion | undefined;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading && !line.startsWith('###')) {
      current = { version: (heading[1] ?? '').replace(/^\[(.+?)\](?:\(.*\))?/, '$1'), body: '' };
      versions.push(current);
    } else if (current) current.body += `${line}\n`;
  }
  return versions.map((v) => ({ version: v.version, body: v.body.trim() }));
}

/** The Markdown appended to info.description: `# API changelog`, then one `## <version>` each. */
export function changelogMarkdown(markdown: string): string {
  const versions = parseChangelog(markdown);
  if (versions.length === 0) return '';
  // Deeper headings inside a version stay below it (### and lower are kept as they are).
  const sections = versions.map((v) => `## ${v.version}\n\n${v.body || 'No changes listed.'}`);
  return `# ${CHANGELOG_HEADING}\n\nWhat changed in each version of the API, one section per version.\n\n${sections.join('\n\n')}\n`;
}
