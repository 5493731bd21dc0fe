import type { WireNamespaces } from '../sessionManager/types'
import { readNonEmpty, toWireOutput } from './wire'

interface Market {
  countryCode: string
  currencyCode: string
  currencySymbol: string
  cultureInfo: string
}

// Local sales channels; an unknown channel falls back to channel 1's market.
const MARKETS: Record<string, Market> = {
  '1': {
    countryCode: 'USA',
    currencyCode: 'USD',
    currencySymbol: '$',
    cultureInfo: 'en-US',
  },
  '2': {
    countryCode: 'CAN',
    currencyCode: 'CAD',
    currencySymbol: 'CA$',
    cultureInfo: 'en-CA',
  },
  '3': {
    countryCode: 'BRA',
    currencyCode: 'BRL',
    currencySymbol: 'R$',
    cultureInfo: 'pt-BR',
  },
}

const DEFAULT_CHANNEL = '1'

/** RunOnCreate: answers an empty input with the default channel's market. */
export function storeSession(input: WireNamespaces) {
  const channel = readNonEmpty(input, 'public', 'sc') ?? DEFAULT_CHANNEL
  const market = MARKETS[channel] ?? MARKETS[DEFAULT_CHANNEL]
  const cultureInfo =
    readNonEmpty(input, 'public', 'cultureInfo') ??
    readNonEmpty(input, 'public', 'locale') ??
    market.cultureInfo

  return toWireOutput({
    store: {
      channel,
      countryCode: market.countryCode,
      cultureInfo,
      currencyCode: market.currencyCode,
      currencySymbol: market.currencySymbol,
    },
  })
}
