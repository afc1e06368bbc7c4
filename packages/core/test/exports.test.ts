import * as api from '@corpus/core'
import { expect, it } from 'vitest'

it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toMatchSnapshot()
})
