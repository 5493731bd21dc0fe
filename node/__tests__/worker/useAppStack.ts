import type { AppStack, AppStackOptions } from '../../../local/appStack'
import { startAppStack } from '../../../local/appStack'

/**
 * One app stack (stand-ins + the real worker) for a test file, with faults and
 * stats reset before each test. Returns a stand-in object that forwards to the
 * stack once `beforeAll` has started it, so tests can write `stack.transform`.
 */
export function useAppStack(options: AppStackOptions = {}): AppStack {
  let current: AppStack | undefined

  beforeAll(async () => {
    current = await startAppStack(options)
  })

  afterAll(() => current?.stop())

  beforeEach(() => {
    current?.platform.faults.reset()
    current?.platform.resetStats()
  })

  return new Proxy({} as AppStack, {
    get(_, property) {
      if (!current) throw new Error('the app stack is used before beforeAll')
      const value = Reflect.get(current, property)

      return typeof value === 'function' ? value.bind(current) : value
    },
  })
}
