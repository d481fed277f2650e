// Loads the demo portfolio into an empty database. Refuses to touch a database that has companies.

import { count } from 'drizzle-orm';
import {
  companies,
  contacts,
  creditProfiles,
  deals,
  fxRates,
  invoices,
  owners,
  payments,
} from '../../db/schema/index.ts';
import type { Queryable } from '../../db/types.ts';
import { divideRates } from '../../domain/credit/fx-cross.ts';
import { isoDate } from '../../lib/dates.ts';
import { recordAudit } from '../audit.ts';
import type { ServiceContext } from '../context.ts';
import { recomputeCompanies } from '../credit/recompute.ts';
import { currentPolicy } from '../policy/current.ts';
import { DEMO_RATES_TO_USD, demoPortfolio } from './portfolio.ts';

export interface SeedResult {
  seeded: boolean;
  companies: number;
  invoices: number;
  payments: number;
}

export async function seedDemo({ ctx }: { ctx: ServiceContext }): Promise<SeedResult> {
  const portfolio = demoPortfolio(isoDate(ctx.now));
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(companies);
    if ((existing?.n ?? 0) > 0) return { seeded: false, companies: 0, invoices: 0, payments: 0 };

    const ownerRows = await tx
      .insert(owners)
      .values(portfolio.owners.map(({ key, ...owner }) => ({ ...owner, hubspotOwnerId: `demo-${key}` })))
      .returning({ id: owners.id, hubspotOwnerId: owners.hubspotOwnerId });
    const ownerId = new Map(ownerRows.map((row) => [row.hubspotOwnerId?.slice(5), row.id]));

    let invoiceCount = 0;
    let paymentCount = 0;
    const companyIds: string[] = [];
    for (const demo of portfolio.companies) {
      const [company] = await tx
        .insert(companies)
        .values({
          externalId: `demo-${demo.key}`,
          name: demo.name,
          domain: demo.domain,
          segment: demo.segment,
          industry: demo.industry,
          country: demo.country,
          currency: demo.currency,
          ownerId: ownerId.get(demo.ownerKey) ?? null,
          isManufacturer: demo.industry === 'manufacturing',
          isPublic: demo.segment === 'enterprise',
          customerSince: demo.customerSince,
        })
        .returning({ id: companies.id });
      if (!company) throw new Error('insert returned no company');
      companyIds.push(company.id);
      if (demo.contacts.length) {
        await tx
          .insert(contacts)
          .values(demo.contacts.map((contact) => ({ ...contact, companyId: company.id })));
      }
      if (demo.deals.length) {
        await tx.insert(deals).values(
          demo.deals.map(({ key: _key, ...deal }) => ({
            ...deal,
            companyId: company.id,
            ownerId: ownerId.get(demo.ownerKey) ?? null,
            currency: demo.currency,
            pipeline: 'default',
          })),
        );
      }
      const invoiceRows = await tx
        .insert(invoices)
        .values(
          demo.invoices.map(({ payments: _payments, ...invoice }) => ({
            ...invoice,
            source: 'demo',
            externalId: invoice.number,
            companyId: company.id,
            currency: demo.currency,
            termsDays: demo.termsDays,
            updatedAt: ctx.now,
          })),
        )
        .returning({ id: invoices.id, number: invoices.number });
      const invoiceId = new Map(invoiceRows.map((row) => [row.number, row.id]));
      const paymentValues = demo.invoices.flatMap((invoice) =>
        invoice.payments.map((payment) => ({
          source: 'demo',
          externalId: payment.key,
          companyId: company.id,
          invoiceId: invoiceId.get(invoice.number) ?? null,
          currency: demo.currency,
          amountMinor: payment.amountMinor,
          receivedOn: payment.receivedOn,
          method: 'bank_transfer',
        })),
      );
      if (paymentValues.length) await tx.insert(payments).values(paymentValues);
      const exposure = demo.invoices.reduce((total, invoice) => total + invoice.balanceMinor, 0n);
      await tx.insert(creditProfiles).values({
        companyId: company.id,
        limitMinor: demo.limitMinor,
        currency: demo.currency,
        limitSource: 'approved',
        termsDays: demo.termsDays,
        exposureMinor: exposure,
        availableMinor: demo.limitMinor - exposure,
      });
      invoiceCount += invoiceRows.length;
      paymentCount += paymentValues.length;
    }
    await storeDemoRates(tx, ctx);
    const result = {
      seeded: true,
      companies: portfolio.companies.length,
      invoices: invoiceCount,
      payments: paymentCount,
    };
    // Scores, flags and available credit from the start, as a real import would leave them.
    await recomputeCompanies(tx, ctx, companyIds);
    await recordAudit(tx, ctx, {
      action: 'demo.seed',
      entityType: 'database',
      entityId: 'demo',
      after: result,
    });
    return result;
  });
}

/** The demo's exchange rates, dated today, to the policy's base currency (through USD if it is another). */
async function storeDemoRates(tx: Queryable, ctx: ServiceContext): Promise<void> {
  const { policy } = await currentPolicy(tx, ctx);
  const base = policy.baseCurrency;
  const toUsd: Record<string, string> = { ...DEMO_RATES_TO_USD, USD: '1' };
  const baseInUsd = toUsd[base];
  if (!baseInUsd) return;
  const rows = Object.entries(toUsd)
    .filter(([currency]) => currency !== base)
    .map(([currency, rate]) => ({
      currency,
      baseCurrency: base,
      rate: divideRates(rate, baseInUsd),
      validFrom: isoDate(ctx.now),
      source: 'demo' as const,
      fetchedAt: ctx.now,
    }));
  await tx.insert(fxRates).values(rows).onConflictDoNothing();
}
