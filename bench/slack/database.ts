// A dedicated benchmark database on the real server, filled with generate_series: owners, customers,
// profiles, flags and invoices (70% open, due dates spread over five months), with a sprinkle of
// disputes, promises and snoozes so the scan's exclusions do real work.

import postgres from 'postgres';
import { openPostgres } from '../../src/db/client.ts';

export const BENCH_DATABASE = 'creditline_bench_slack';

/** Creates the database and applies the migrations; returns its URL (connect after filling it). */
export async function freshBenchDatabase(serverUrl: string): Promise<string> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${BENCH_DATABASE} with (force)`);
  await admin.unsafe(`create database ${BENCH_DATABASE}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  const database = await openPostgres(url.toString(), 1);
  await database.migrate();
  await database.close();
  return url.toString();
}

export async function dropBenchDatabase(serverUrl: string): Promise<void> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${BENCH_DATABASE} with (force)`);
  await admin.end();
}

export interface Shape {
  owners: number;
  companies: number;
  invoices: number;
  today: string;
}

export async function fill(url: string, shape: Shape, progress: (step: string) => void): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const { owners, companies, invoices, today } = shape;
  progress(`owners (${owners})`);
  await sql.unsafe(`
    insert into owners (hubspot_owner_id, first_name, last_name, email, slack_user_id, time_zone)
    select 'bo-' || g, 'AM', g::text, 'am' || g || '@example.com', 'UB' || g, 'UTC' from generate_series(1, ${owners}) g`);
  progress(`companies (${companies}) and profiles`);
  await sql.unsafe(`
    with o as (select array_agg(id order by hubspot_owner_id) ids from owners)
    insert into companies (name, domain, currency, owner_id, hubspot_id)
    select 'Customer ' || g, 'customer' || g || '.example', 'USD', o.ids[1 + g % ${owners}], (10000000000 + g)::text
    from generate_series(1, ${companies}) g, o`);
  await sql.unsafe(`
    insert into credit_profiles (company_id, limit_minor, currency, limit_source, terms_days, score, risk_level, exposure_minor, available_minor)
    select id, 1000000, 'USD', 'approved', 30, 20 + (hashtext(id::text) & 63), 'medium', 500000, 500000 from companies`);
  await sql.unsafe(`
    insert into risk_flags (company_id, code, severity, facts, raised_at)
    select id, 'OVERDUE', 'warning', '{}', now() from companies where hashtext(id::text) % 20 = 0`);
  progress(`invoices (${invoices})`);
  await sql.unsafe(`
    with c as (select array_agg(id) ids from companies)
    insert into invoices (source, external_id, company_id, number, currency, amount_minor, balance_minor,
                          issued_on, due_on, terms_days, status, paid_on, updated_at)
    select 'bench', 'b-' || g, c.ids[1 + g % ${companies}], 'B-' || g, 'USD', 10000 + g % 500000,
           case when g % 10 < 3 then 0 else 10000 + g % 500000 end,
           d - 30, d, 30, case when g % 10 < 3 then 'paid' else 'open' end, case when g % 10 < 3 then d end,
           '${today}'::date
    from generate_series(1, ${invoices}) g, c,
         lateral (select ('${today}'::date - 150 + (g % 181))::date as d) x`);
  progress('disputes, promises and snoozes');
  await sql.unsafe(`
    insert into grievances (kind, status, company_id, invoice_id, title, opened_by, opened_at)
    select 'dispute', 'open', company_id, id, 'bench dispute', 'bench', now() from invoices where status = 'open' and hashtext(id::text) % 200 = 0`);
  await sql.unsafe(`
    insert into promises_to_pay (company_id, invoice_id, amount_minor, currency, promised_on, logged_by)
    select company_id, id, balance_minor, 'USD', '${today}'::date + 10, 'bench' from invoices where status = 'open' and hashtext(id::text) % 200 = 1`);
  await sql.unsafe(`
    insert into invoice_snoozes (invoice_id, until, reason, snoozed_by)
    select id, '${today}'::date + 5, 'bench', 'bench' from invoices where status = 'open' and hashtext(id::text) % 200 = 2`);
  progress('analyze');
  await sql.unsafe('analyze');
  await sql.end();
}
