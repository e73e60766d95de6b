-- Referral pathways (issue 9): the service directory, referrals with their lifecycle, and
-- outcomes fed back to the data's source. Organisation columns carry no foreign key: a
-- referral or an outcome may come from an organisation that runs its own node elsewhere.
-- Table and column names are stable (indicators read them); see docs/referrals.md.

CREATE TABLE services (
  id                 text COLLATE "C" PRIMARY KEY,      -- service--<uuid v5 of listed_by_org_id, slug>
  listed_by_org_id   text COLLATE "C" NOT NULL,         -- organisation that keeps this entry in the directory
  provider_org_id    text COLLATE "C",                  -- Tessera organisation that receives referrals; null = outside Tessera
  slug               text COLLATE "C" NOT NULL,
  name               text NOT NULL,
  kind               text NOT NULL,                     -- child-helpline, counselling, medical, legal-aid, law-enforcement, hotline, shelter
  jurisdiction       text NOT NULL,                     -- ISO 3166-1 alpha-2
  countries          text[] NOT NULL DEFAULT '{}',      -- countries served (always includes jurisdiction)
  languages          text[] NOT NULL DEFAULT '{}',      -- BCP 47 tags
  age_min            smallint,                          -- null = no lower bound
  age_max            smallint,                          -- null = no upper bound
  needs              text[] NOT NULL DEFAULT '{}',      -- needs the service meets
  hours              text NOT NULL DEFAULT '',          -- opening hours as published, e.g. "24/7", "Mo-Fr 09:00-17:00"
  open_24_7          boolean NOT NULL DEFAULT false,
  contact            jsonb NOT NULL DEFAULT '{}',       -- {phone, email, url, address}
  description        text NOT NULL DEFAULT '',
  node_url           text,                              -- node that receives referrals when the provider runs its own node
  accepts_referrals  boolean NOT NULL DEFAULT true,
  active             boolean NOT NULL DEFAULT true,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (listed_by_org_id, slug)
);
CREATE INDEX services_countries ON services USING gin (countries);
CREATE INDEX services_needs ON services USING gin (needs);

CREATE TABLE referrals (
  id                text COLLATE "C" PRIMARY KEY,       -- referral--<uuid v5 of from_org_id, origin_id, subject_ref, service_id, created_at>
  from_org_id       text COLLATE "C" NOT NULL,          -- referring organisation
  from_user_id      text COLLATE "C",                   -- null when the referral arrived from another node
  to_org_id         text COLLATE "C",                   -- the service's provider; null when the service is outside Tessera
  service_id        text COLLATE "C" NOT NULL REFERENCES services(id),
  origin_id         text COLLATE "C" NOT NULL,          -- report--… or contact--… the referral came from
  origin_kind       text NOT NULL,                      -- report | contact
  origin_at         timestamptz,                        -- when the origin was reported / the contact made
  subject_ref       text COLLATE "C" NOT NULL,          -- child--… or contact--… the referral is for
  needs             text[] NOT NULL DEFAULT '{}',
  urgency           text NOT NULL DEFAULT 'normal',     -- normal | urgent | emergency
  consent_basis     text NOT NULL,                      -- consent | safeguarding-override
  consent_event_id  text COLLATE "C" NOT NULL,          -- the consent event relied on
  status            text NOT NULL,                      -- created | sent | accepted | declined | completed | closed
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  sent_at           timestamptz,
  responded_at      timestamptz,                        -- accepted or declined
  completed_at      timestamptz,
  closed_at         timestamptz,
  home_node         text,                               -- node the referral was created on, when it arrived through the exchange
  delivery          text NOT NULL DEFAULT 'local'       -- local | exchange | pending | outside (service outside Tessera)
);
CREATE INDEX referrals_from ON referrals (from_org_id, created_at DESC, id DESC);
CREATE INDEX referrals_to ON referrals (to_org_id, created_at DESC, id DESC);
CREATE INDEX referrals_origin ON referrals (origin_id);

CREATE TABLE referral_events (
  referral_id  text COLLATE "C" NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  seq          integer NOT NULL,                        -- 1 = created
  from_status  text,
  to_status    text NOT NULL,
  at           timestamptz NOT NULL,
  by_org_id    text COLLATE "C" NOT NULL,
  by_user_id   text COLLATE "C",                        -- null when the step arrived from another node
  reason       text,
  via          text NOT NULL DEFAULT 'local',           -- local | exchange
  PRIMARY KEY (referral_id, seq)
);

CREATE TABLE outcomes (
  id                   text COLLATE "C" PRIMARY KEY,    -- outcome--<uuid v5 of target_id, type, reported_by_org_id, occurred_at>
  target_id            text COLLATE "C" NOT NULL,       -- report--, content-item--, contact-- or referral--
  target_kind          text NOT NULL,                   -- report | content-item | contact | referral
  type                 text NOT NULL,                   -- CDM OUTCOME_TYPES
  positive             boolean NOT NULL,                -- child safeguarded, content removed, … (first class)
  source_org_id        text COLLATE "C" NOT NULL,       -- whose data it was: the outcome is attributed back to it
  reported_by_org_id   text COLLATE "C" NOT NULL,
  reported_by_user_id  text COLLATE "C",                -- null when it arrived from another node
  referral_id          text COLLATE "C",                -- the referral it concerns, if any
  origin_id            text COLLATE "C",                -- the report or contact behind the target (for indicators)
  occurred_at          timestamptz NOT NULL,
  recorded_at          timestamptz NOT NULL,
  anonymous            boolean NOT NULL DEFAULT false,  -- the source sees the outcome, not who reported it
  note                 text,
  via                  text NOT NULL DEFAULT 'local',   -- local | exchange
  delivery             text NOT NULL DEFAULT 'local'    -- local | sent | pending (to the source's node)
);
CREATE INDEX outcomes_source ON outcomes (source_org_id, occurred_at DESC);
CREATE INDEX outcomes_reporter ON outcomes (reported_by_org_id, occurred_at DESC);
CREATE INDEX outcomes_target ON outcomes (target_id);
CREATE INDEX outcomes_origin ON outcomes (origin_id);
