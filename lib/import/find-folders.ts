// Walks the tree an import starts from, folder by folder. Symbolic links are followed only to files
// inside the tree: a link out of it is never read (an import of a lab's share must not wander into
// the rest of the machine), and linked folders are not entered (no loops; a folder linked from inside
// the tree is walked where it really is). Hidden folders (.git, .cache) are left out.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** One readable file of a folder; `path` is where its bytes are (the link's target for a symlink). */
export interface FolderFile {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
}

export interface Folder {
  dir: string;
  /** Relative to the tree's root ('' for the root itself), with '/' separators. */
  relative: string;
  files: FolderFile[];
  /** Names of links that point outside the tree (not read). */
  linksOutside: string[];
  /** Entries that could not be read (permissions, vanished), with the reason. */
  unreadable: { name: string; reason: string }[];
}

/** Folders deeper than this are not entered (a runaway tree or a link farm). */
export const MAX_DEPTH = 32;

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it disappeared while the import ran';
  if (code === 'ELOOP') return 'its link points in a loop';
  return (error as Error)?.message ?? String(error);
}

/** Every folder under `root` (itself included) that holds at least one file, parents first. */
export async function* walkFolders(root: string): AsyncGenerator<Folder | { dir: string; relative: string; error: string }> {
  const realRoot = await realpath(root);
  const pending: { dir: string; relative: string; depth: number }[] = [{ dir: realRoot, relative: '', depth: 0 }];
  while (pending.length > 0) {
    const { dir, relative, depth } = pending.shift()!;
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (error) {
      yield { dir, relative, error: `the folder cannot be read: ${reason(error)}` };
      continue;
    }
    const folder: Folder = { dir, relative, files: [], linksOutside: [], unreadable: [] };
    const subfolders: string[] = [];
    for (const name of names) {
      const full = path.join(dir, name);
      try {
        const entry = await lstat(full);
        if (entry.isDirectory()) {
          if (!name.startsWith('.')) subfolders.push(name);
        } else if (entry.isFile()) {
          folder.files.push({ name, path: full, size: entry.size, mtimeMs: entry.mtimeMs });
        } else if (entry.isSymbolicLink()) {
          const target = await realpath(full);
          if (!inside(realRoot, target)) {
            folder.linksOutside.push(name);
            continue;
          }
          const targetStat = await stat(target);
          if (targetStat.isFile()) folder.files.push({ name, path: target, size: targetStat.size, mtimeMs: targetStat.mtimeMs });
        }
      } catch (error) {
        folder.unreadable.push({ name, reason: reason(error) });
      }
    }
    if (folder.files.length > 0 || folder.linksOutside.length > 0 || folder.unreadable.length > 0) yield folder;
    if (depth < MAX_DEPTH) {
      // Depth first in name order, so the report follows the tree as `ls -R` shows it.
      pending.unshift(...subfolders.map((name) => ({ dir: path.join(dir, name), relative: relative ? `${relative}/${name}` : name, depth: depth + 1 })));
    }
  }
}
