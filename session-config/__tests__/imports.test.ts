/**
 * The model stands on its own: the emulator and the checker import it, it
 * imports neither, and its files do not import each other in a loop (type
 * imports and re-exports count: they are arrows a reader follows too).
 */
import { readdirSync, readFileSync } from 'fs'
import { builtinModules } from 'module'
import { dirname, join, relative, resolve } from 'path'

import { preProcessFile } from 'typescript'

const MODEL_DIR = resolve(__dirname, '..')

// The model is one flat folder of modules (its JSON data aside).
const modelFiles = readdirSync(MODEL_DIR)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => join(MODEL_DIR, name))

const importsOf = (file: string) =>
  preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map(
    (imported) => imported.fileName
  )

/** A relative import as the model file it names, e.g. `./fields` → fields.ts. */
const resolveLocal = (from: string, specifier: string) => {
  const target = resolve(dirname(from), specifier)

  return modelFiles.includes(`${target}.ts`)
    ? `${target}.ts`
    : join(target, 'index.ts')
}

const graph = new Map(
  modelFiles.map((file) => [
    file,
    importsOf(file)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolveLocal(file, specifier)),
  ])
)

/** The first loop found by depth-first search, as model-relative paths. */
function findLoop(): string[] | undefined {
  const done = new Set<string>()

  const visit = (file: string, path: string[]): string[] | undefined => {
    if (path.includes(file)) return [...path.slice(path.indexOf(file)), file]
    if (done.has(file)) return undefined

    for (const next of graph.get(file) ?? []) {
      const loop = visit(next, [...path, file])

      if (loop) return loop
    }

    done.add(file)

    return undefined
  }

  for (const file of modelFiles) {
    const loop = visit(file, [])

    if (loop) return loop.map((step) => relative(MODEL_DIR, step))
  }

  return undefined
}

describe('session-config imports', () => {
  it('reads its own files', () => {
    expect(modelFiles.map((file) => relative(MODEL_DIR, file))).toEqual(
      expect.arrayContaining(['index.ts', 'parse.ts', 'graph.ts'])
    )
  })

  it('imports only its own files and Node built-ins', () => {
    const outside = modelFiles.flatMap((file) =>
      importsOf(file)
        .filter((specifier) =>
          specifier.startsWith('.')
            ? !modelFiles.includes(resolveLocal(file, specifier))
            : !builtinModules.includes(specifier)
        )
        .map((specifier) => `${relative(MODEL_DIR, file)} -> ${specifier}`)
    )

    expect(outside).toEqual([])
  })

  it('has no import loop among its files', () => {
    expect(findLoop()).toBeUndefined()
  })
})
