/**
 * The "Wrong" and "Correct" configurations of the session-apps guide
 * (session-transform-apps-skill.txt, "Hard constraints"), verbatim: the
 * checker must fail on each wrong one with a message naming the field.
 */
export const GUIDE_WRONG_DUPLICATES = {
  'my-session-app': {
    output: {
      myapp: [
        'costcenter',
        'organization',
        'postalCode',
        'priceTable',
        'storeNumber',
      ],
    },
  },
}

export const GUIDE_WRONG_FOREIGN_NAMESPACES = {
  'my-session-app': {
    output: {
      myapp: ['storeNumber', 'priceTable'],
      checkout: ['postalCode', 'country'],
      search: ['facets'],
    },
  },
}

export const GUIDE_CORRECT = {
  'my-session-app': {
    input: { 'storefront-permissions': ['costcenter', 'organization'] },
    output: { myapp: ['priceTable', 'storeNumber'] },
  },
}
