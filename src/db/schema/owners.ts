// HubSpot owners (account managers) and their Slack identity.

import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz, updatedAt } from './columns.ts';

export const owners = pgTable(
  'owners',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hubspotOwnerId: text('hubspot_owner_id').unique(),
    email: text('email'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    slackUserId: text('slack_user_id'),
    /** 'email' when found by users.lookupByEmail, 'manual' when set through the API (never overwritten by lookup). */
    slackMappingSource: text('slack_mapping_source', { enum: ['email', 'manual'] }),
    slackCheckedAt: timestamptz('slack_checked_at'),
    /** IANA zone for digests and quiet hours; from Slack's user profile when known. */
    timeZone: text('time_zone'),
    archived: boolean('archived').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('owners_email_idx').on(sql`lower(${t.email})`),
    index('owners_slack_user_idx').on(t.slackUserId),
  ],
);
