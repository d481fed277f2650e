// The line at the top of a modal that says what it is about ("Invoice INV-1 · $1,200.00 · Acme").

import type { AppDeps } from '../../deps.ts';
import { formatMoney } from '../../domain/money.ts';
import { invoiceLabel, loadCompany, loadInvoice } from '../../services/collections/load.ts';
import type { ButtonValue } from '../support.ts';

export async function modalContext(deps: AppDeps, value: ButtonValue): Promise<string> {
  if (value.invoiceId) {
    const { invoice, company } = await loadInvoice(deps.db, value.invoiceId);
    const balance = formatMoney({ minor: invoice.balanceMinor, currency: invoice.currency.trim() });
    return `Invoice ${invoiceLabel(invoice)} · ${balance} open · due ${invoice.dueOn} · ${company.name}`;
  }
  const company = await loadCompany(deps.db, value.companyId);
  return company.name;
}
