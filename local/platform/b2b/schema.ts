/**
 * The slice of B2B Organizations' schema (vtex-apps/b2b-organizations-graphql
 * 2.x, graphql/schema.graphql) that the stand-in serves: the real field
 * names and nullability of `CostCenter` and `Address`, so a query asking for
 * a field B2B does not have fails validation as it does there. Other `Query`
 * fields are not served.
 */
import { buildSchema } from 'graphql'

export const B2B_SDL = `
directive @validateStoreUserAccess on FIELD_DEFINITION

type Query {
  getCostCenterById(id: ID!): CostCenter @validateStoreUserAccess
}

type CostCenter {
  id: ID
  name: String
  organization: ID
  addresses: [Address]
  paymentTerms: [PaymentTerm]
  phoneNumber: String
  businessDocument: String
  customFields: [CustomField]
  stateRegistration: String
  sellers: [Seller]
}

type Address {
  addressId: String
  addressType: String
  addressQuery: String
  postalCode: String
  country: String
  receiverName: String
  city: String
  state: String
  street: String
  number: String
  complement: String
  neighborhood: String
  geoCoordinates: [Float]
  reference: String
}

type PaymentTerm {
  id: ID
  name: String
}

type CustomField {
  name: String
  type: String
  value: String
}

type Seller {
  id: ID
  name: String
}
`

export const b2bSchema = buildSchema(B2B_SDL)
