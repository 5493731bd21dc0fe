/**
 * A suite stops every process it starts, also when its setup throws after
 * starting the stack; what a suite leaves anyway is killed by jest's global
 * teardown, which then fails the run.
 */
import { fork } from 'child_process'
import type { ChildProcess } from 'child_process'
import { mkdtempSync, readdirSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'

import { isAlive, liveChildren, registerChild } from '../../childRegistry'
import { stopLeftovers } from '../../jestGlobalTeardown'
import { openPlayground } from '../../../testkit/playgroundKit'

describe('a suite whose setup throws after starting the stack', () => {
  it('stops the stack before the error goes on', async () => {
    let started: number[] = []

    await expect(
      openPlayground([], async () => {
        started = liveChildren().map(({ pid }) => pid)
        throw new Error('no browser here')
      })
    ).rejects.toThrow('no browser here')

    // The stack's one replica was running when the launch threw.
    expect(started.length).toBeGreaterThan(0)
    expect(started.filter(isAlive)).toEqual([])
    expect(liveChildren().filter(({ pid }) => started.includes(pid))).toEqual(
      []
    )
  }, 60_000)
})

describe('the global teardown', () => {
  let dir: string
  let child: ChildProcess | undefined

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'children-test-'))
  })

  afterEach(() => {
    child?.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  const sleeper = () => {
    const started = fork('-e', ['setInterval(() => {}, 1000)'], {
      execArgv: [],
      stdio: 'ignore',
    })

    return started
  }

  it('kills a process a suite left running and fails loudly', async () => {
    child = sleeper()
    registerChild(child, 'sleeper', dir)
    const exited = new Promise((resolve) => child?.once('exit', resolve))

    expect(() => stopLeftovers(dir)).toThrow(
      `1 process(es) outlived their suite and were killed: ${child.pid} (sleeper)`
    )
    await exited
    expect(isAlive(child.pid as number)).toBe(false)
  })

  it('says nothing when every process was stopped', async () => {
    child = sleeper()
    registerChild(child, 'sleeper', dir)
    const exited = new Promise((resolve) => child?.once('exit', resolve))

    child.kill('SIGTERM')
    await exited

    expect(readdirSync(dir)).toEqual([])
    expect(() => stopLeftovers(dir)).not.toThrow()
  })
})
