import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One import of one module: the specifier as written and, for a relative one, the repo path it names. */
export interface ModuleImport {
  readonly specifier: string;
  /** Repository-relative path of the imported file, for relative specifiers. */
  readonly target?: string;
}

/** Repository-relative path → what the module imports (type-only and dynamic imports included). */
export type ImportGraph = ReadonlyMap<string, readonly ModuleImport[]>;

function typeScriptFiles(root: string, folder: string): string[] {
  const entries = readdirSync(join(root, folder), { withFileTypes: true });
  return entries.flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(root, path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Reads every `.ts` file under `folders` with the TypeScript compiler's own import scanner. */
export function importGraph(root: string, folders: readonly string[]): ImportGraph {
  const graph = new Map<string, ModuleImport[]>();
  for (const file of folders.flatMap((folder) => typeScriptFiles(root, folder))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    graph.set(
      file,
      importedFiles.map(({ fileName: specifier }) => {
        if (!specifier.startsWith('.')) return { specifier };
        const absolute = resolve(root, file, '..', specifier.replace(/\.js$/, '.ts'));
        return { specifier, target: relative(root, absolute) };
      }),
    );
  }
  return graph;
}

/** Every strongly connected group of more than one module, or a module importing itself (Tarjan). */
export function importCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const { target } of graph.get(node) ?? []) {
      if (target === undefined || !graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    const selfImport = (graph.get(node) ?? []).some(({ target }) => target === node);
    if (group.length > 1 || selfImport) cycles.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
