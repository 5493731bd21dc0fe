import { IOClients } from '@vtex/api'

import { CostCenterClient } from './costCenterClient'
import { PricingClient } from './pricingClient'

export class Clients extends IOClients {
  public get costCenters() {
    return this.getOrSet('costCenters', CostCenterClient)
  }

  public get pricing() {
    return this.getOrSet('pricing', PricingClient)
  }
}
