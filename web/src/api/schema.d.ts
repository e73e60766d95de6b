// Generated from the node's /openapi.json by `npm run gen:console-api`. Do not edit.
export interface paths {
    "/api/v1/aggregates/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts of the helpline contacts you may read, grouped by a field you may see in clear */
        get: {
            parameters: {
                query: {
                    agreement?: string;
                    /** @description ISO 3166-1 alpha-2 country code. */
                    country?: string;
                    groupBy: "country" | "channel" | "gender" | "language" | "month" | "dataset";
                    /** @description Purpose the data was collected or is used for. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access: components["schemas"]["ContactAccessSummary"];
                            groupBy: string;
                            groups: {
                                count: number;
                                key: string | null;
                            }[];
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/aggregates/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts of the reports you may read, grouped by a field you may see in clear */
        get: {
            parameters: {
                query: {
                    agreement?: string;
                    country?: string;
                    groupBy: "country" | "kind" | "status" | "language" | "month" | "dataset";
                    /** @description Purpose the data was collected or is used for. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access: components["schemas"]["AccessSummary"];
                            groupBy: string;
                            groups: {
                                count: number;
                                key: string | null;
                            }[];
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Agreements your organisation is party to */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AgreementView"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Draft an agreement, or a new version of a draft (steward or admin of the provider) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AgreementDraftInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AgreementView"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One agreement (parties only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AgreementView"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept the current version for your organisation; pass the versionHash you reviewed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        versionHash?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AgreementView"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements/{id}/jsonld": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The agreement as an ODRL Agreement in JSON-LD, with DPV purposes and legal basis */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an agreement (any party; final) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AgreementView"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/checkpoint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest signed checkpoint (tree size, root, Ed25519 signature) and the public key */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        /** Sign a checkpoint of the log as it is now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit events by or about your organisation (auditors and admins) */
        get: {
            parameters: {
                query?: {
                    afterSeq?: number;
                    agreement?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/proof/consistency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RFC 9162 consistency proof between two tree sizes */
        get: {
            parameters: {
                query: {
                    from: number;
                    to?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/proof/inclusion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RFC 9162 inclusion proof of one event (auditors and admins, for events by or about their organisation) */
        get: {
            parameters: {
                query: {
                    seq: number;
                    treeSize?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recompute the whole log and check every node and checkpoint (auditors and admins) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cases with at least two reports you may read; urgent reviews first */
        get: {
            parameters: {
                query?: {
                    agreement?: string;
                    limit?: number;
                    /** @description Purpose the data was collected or is used for. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                    status?: "open" | "active" | "closed";
                    urgent?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One case: the reports you may read in it and the links between them, each explained */
        get: {
            parameters: {
                query?: {
                    agreement?: string;
                    /** @description Purpose the data was collected or is used for. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}/flag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Flag a case active (investigation under way), or reopen or close it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        agreement?: string;
                        /** @description Why (seen only by your organisation). */
                        note?: string;
                        /**
                         * Purpose
                         * @description Purpose the data was collected or is used for.
                         * @enum {string}
                         */
                        purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                        /**
                         * @default active
                         * @enum {string}
                         */
                        status?: "active" | "open" | "closed";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find who holds what: full-text words (web-search syntax), a dictionary field or entity, a topic, a holder, a country */
        get: {
            parameters: {
                query?: {
                    /** @description Datasets whose coverage names this country. */
                    country?: string;
                    /** @description Datasets holding this field (Entity.field) or any field of this entity (Entity). */
                    field?: string;
                    /** @description Holder organisation, by id or slug. */
                    holder?: string;
                    limit?: number;
                    /** @description Words, in web-search syntax: "age range" -research, sextortion OR grooming. */
                    q?: string;
                    topic?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["CatalogueEntry"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Publish or replace the catalogue entry of one of your organisation's datasets (steward or admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CatalogueEntryDraftInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CatalogueEntry"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalogue/{datasetId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalogue entry of one dataset */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    datasetId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CatalogueEntry"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalogue/dictionary.html": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The data dictionary as an HTML page in en, fr, es, pt or de */
        get: {
            parameters: {
                query?: {
                    lang?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a consent event: given, withdrawn or expired (steward or admin of the holder) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ConsentRecordInputInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConsentEvent"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consents/{subjectRef}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Consent history of a child or contact your organisation holds */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    subjectRef: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ConsentEvent"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consents/safeguarding-override": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Share without consent because a child is at risk: reason mandatory, always audited */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SafeguardingOverrideInputInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConsentEvent"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Helpline contacts you may read (own, or under ?agreement=&purpose=), newest first, with filters and cursor pagination */
        get: {
            parameters: {
                query?: {
                    /** @description Read under this agreement (id or slug) instead of your own organisation's contacts. */
                    agreement?: string;
                    channel?: "phone" | "chat" | "email" | "sms" | "web-form" | "social-media" | "in-person" | "other";
                    /** @description ISO 3166-1 alpha-2 country code. */
                    country?: string;
                    /** @description The nextCursor of the previous page. */
                    cursor?: string;
                    datasetId?: string;
                    /** @description Contacts at or after this time. */
                    from?: string;
                    gender?: "female" | "male" | "non-binary" | "other" | "unknown";
                    limit?: number;
                    /** @description The purpose you act for; required under an agreement. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                    /** @description Contacts before this time. */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactPage"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One helpline contact as you may see it */
        get: {
            parameters: {
                query?: {
                    /** @description Read under this agreement (id or slug) instead of your own organisation’s records. */
                    agreement?: string;
                    /** @description The purpose you act for; required under an agreement. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access: components["schemas"]["ContactAccessSummary"];
                            contact: components["schemas"]["SharedContact"];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/datasets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Datasets (descriptions only, never their records) */
        get: {
            parameters: {
                query?: {
                    ownerOrgId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Dataset"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register a dataset of the caller's organisation (steward or admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["DatasetCreateInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Dataset"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/datasets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One dataset description */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Dataset"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Feedback peers sent about your organisation's records */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    recordId?: string;
                    type?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        /** Send feedback on a received record to its source (attributed unless anonymous) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["FeedbackInputInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange/flows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live flows per peer, agreement and direction: objects, rejected, last times */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ExchangeFlow"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange/peers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Registered peers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Peer"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register or update a peer from its card; returns the token the peer must use (once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        card: {
                            [key: string]: unknown;
                        };
                        pushRecords?: boolean;
                        token?: string;
                        /** Format: date-time */
                        trainedAt?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange/peers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Stop exchanging with a peer (its tokens stop working) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange/received": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Copies received from peers, as their agreements let them travel */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    agreementId?: string;
                    limit?: number;
                    recordId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange/self": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This node's peer card (organisation, URL, Ed25519 key) to give to another organisation */
        get: {
            parameters: {
                query: {
                    url: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The background sync loop and every flow */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exchange/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run one sync round now (all peers, or one) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        peer?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/export/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export the helpline contacts you may read as JSON Lines; fields as the agreement shows them */
        get: {
            parameters: {
                query?: {
                    agreement?: string;
                    datasetId?: string;
                    /** @description Purpose the data was collected or is used for. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/export/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export the reports you may read (own, or under ?agreement=&purpose=) as JSON Lines; fields as the agreement shows them */
        get: {
            parameters: {
                query?: {
                    agreement?: string;
                    datasetId?: string;
                    nested?: "true" | "false";
                    /** @description Purpose the data was collected or is used for. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hash-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Hash sets (banks) with owner, sources and counts */
        get: {
            parameters: {
                query?: {
                    includeWithdrawn?: "true" | "false";
                    owner?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["HashSet"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hash-sets/{set}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw a set of your organisation, or only some of its hashes */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    set: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                        /** @default pdq */
                        signalType?: string;
                        values?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            problems?: components["schemas"]["Problem"][];
                            set?: components["schemas"]["HashSet"];
                            withdrawn: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hash-sets/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import a hash list into a set of the caller's organisation (steward or admin); bad lines are reported, the rest imported */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["HashSetImportInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            added: number;
                            alreadyPresent: number;
                            classified: number;
                            problems: components["schemas"]["Problem"][];
                            read: number;
                            reinstated: number;
                            set: components["schemas"]["HashSet"];
                            signalType: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hashes/classifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record the caller's organisation's classification of a hash */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assessedAt?: string;
                        code: string;
                        confidence?: number;
                        note?: string;
                        scheme: string;
                        /** @default pdq */
                        signalType?: string;
                        value: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HashOpinion"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hashes/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record whether a match was right (true_positive / false_positive), attributed to the caller */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        distance?: number;
                        entry: string;
                        note?: string;
                        /** @default pdq */
                        signalType?: string;
                        value: string;
                        /** @enum {string} */
                        verdict: "true_positive" | "false_positive";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            entryId: string;
                            givenBy: string;
                            id: string;
                            organisation: string;
                            verdict: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hashes/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Look up one hash: matches in every set, classifications and consensus ("previously assessed") */
        get: {
            parameters: {
                query: {
                    quality?: number;
                    qualityFloor?: number;
                    radius?: number;
                    type?: string;
                    value: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HashMatchOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hashes/match": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Match a batch of hashes (up to 10,000); a malformed item gets its own error and the rest go on */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["HashMatchRequestInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: components["schemas"]["HashMatchOutcome"][];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hashing/hash": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hash an upload: MD5, SHA-1, SHA-256 and (images) PDQ. The bytes are dropped after hashing. */
        post: {
            parameters: {
                query?: {
                    /** @description Apply EXIF orientation before PDQ (default false, as the reference). */
                    applyOrientation?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MediaHashes"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hashing/signal-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Signal types the registry accepts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                defaultThreshold?: number;
                                description: string;
                                kind: string;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Is the node up (no authentication) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Health"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/indicators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The indicator definitions this node computes (definitions as data) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["IndicatorDefinition"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/indicators/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An indicator over a period: values by month, year or in total, optionally broken down, each with its coverage; shared counts are disclosure-controlled */
        get: {
            parameters: {
                query?: {
                    /** @description Break down by one of the indicator's disaggregations. */
                    by?: string;
                    /** @description Start, inclusive: YYYY, YYYY-MM, YYYY-MM-DD or an ISO instant (UTC). Default: 24 months before `to`. */
                    from?: string;
                    /** @description Time grain of the values. */
                    grain?: "month" | "year" | "total";
                    /** @description The purpose you act for under agreements. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                    /** @description "all" (own data plus what agreements in force share for counting), "own", or one agreement id or slug. */
                    scope?: string;
                    /** @description Suppress counts below this. Default 10 when shared rows are counted, 1 (nothing suppressed) for your own data only. */
                    threshold?: number;
                    /** @description End: a year, month or day given is included whole; an ISO instant is exclusive. Default: the end of the current month. */
                    to?: string;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IndicatorResult"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/indicators/{name}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An indicator as a file: JSON, CSV, or CSV with HXL hashtags (a second header row) for humanitarian tools */
        get: {
            parameters: {
                query?: {
                    /** @description Break down by one of the indicator's disaggregations. */
                    by?: string;
                    format?: "json" | "csv" | "hxl";
                    /** @description Start, inclusive: YYYY, YYYY-MM, YYYY-MM-DD or an ISO instant (UTC). Default: 24 months before `to`. */
                    from?: string;
                    /** @description Time grain of the values. */
                    grain?: "month" | "year" | "total";
                    /** @description The purpose you act for under agreements. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                    /** @description "all" (own data plus what agreements in force share for counting), "own", or one agreement id or slug. */
                    scope?: string;
                    /** @description Suppress counts below this. Default 10 when shared rows are counted, 1 (nothing suppressed) for your own data only. */
                    threshold?: number;
                    /** @description End: a year, month or day given is included whole; an ISO instant is exclusive. Default: the end of the current month. */
                    to?: string;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/indicators/{name}/trend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Monthly series with the same month a year before, year-on-year change and a baseline */
        get: {
            parameters: {
                query?: {
                    /** @description Start of the baseline period (default: the first twelve months of the series). */
                    baselineFrom?: string;
                    baselineTo?: string;
                    /** @description Break down by one of the indicator's disaggregations. */
                    by?: string;
                    /** @description Start, inclusive: YYYY, YYYY-MM, YYYY-MM-DD or an ISO instant (UTC). Default: 24 months before `to`. */
                    from?: string;
                    /** @description The purpose you act for under agreements. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                    /** @description "all" (own data plus what agreements in force share for counting), "own", or one agreement id or slug. */
                    scope?: string;
                    /** @description Suppress counts below this. Default 10 when shared rows are counted, 1 (nothing suppressed) for your own data only. */
                    threshold?: number;
                    /** @description End: a year, month or day given is included whole; an ISO instant is exclusive. Default: the end of the current month. */
                    to?: string;
                    /** @description With `by`: the breakdown value the series follows, e.g. by=country&value=BR. */
                    value?: string;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IndicatorTrend"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/indicators/compute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Compute an indicator from a definition given in the request (checked against the model: unknown fields are refused) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Break down by one of the indicator's disaggregations. */
                        by?: string;
                        definition: unknown;
                        /** @description Start, inclusive: YYYY, YYYY-MM, YYYY-MM-DD or an ISO instant (UTC). Default: 24 months before `to`. */
                        from?: string;
                        /**
                         * @description Time grain of the values.
                         * @default month
                         * @enum {string}
                         */
                        grain?: "month" | "year" | "total";
                        /**
                         * Purpose
                         * @description The purpose you act for under agreements.
                         * @default research-and-statistics
                         * @enum {string}
                         */
                        purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                        /**
                         * @description "all" (own data plus what agreements in force share for counting), "own", or one agreement id or slug.
                         * @default all
                         */
                        scope?: string;
                        /** @description Suppress counts below this. Default 10 when shared rows are counted, 1 (nothing suppressed) for your own data only. */
                        threshold?: number;
                        /** @description End: a year, month or day given is included whole; an ISO instant is exclusive. Default: the end of the current month. */
                        to?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IndicatorResult"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ingest/{format}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ingest an upload: raw body (XML, CSV, hash list, STIX JSON) or multipart files; rejected records go to quarantine */
        post: {
            parameters: {
                query?: {
                    dataset?: string;
                    encoding?: "auto" | "utf-8" | "utf-16le" | "utf-16be" | "latin1";
                    /** @description name recorded for a raw body (lineage, quarantine) */
                    filename?: string;
                    hashType?: string;
                    /** @description helpline-csv: a shipped mapping by name (chi-style); or send a multipart part "mapping" with the mapping JSON */
                    mapping?: string;
                    set?: string;
                    setName?: string;
                    source?: string;
                    sourceRef?: string;
                    sourceVersion?: string;
                };
                header?: never;
                path: {
                    format: "cybertipline-xml" | "helpline-csv" | "hashlist" | "stix";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IngestSummary"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ingest/sources/{recordId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where an ingested record came from: run, file, line or element path, raw digest, values kept verbatim */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    recordId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RecordSource"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/linkage/explain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Why two reports are linked: direct evidence or the chain through their case */
        get: {
            parameters: {
                query: {
                    a: string;
                    agreement?: string;
                    b: string;
                    /** @description Purpose the data was collected or is used for. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/linkage/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Link the reports you may read (own, or under an agreement) and update cases */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LinkRunRequestInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who am I: the person, organisation and roles behind the token */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WhoAmI"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/model/dictionary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The data dictionary: entities, fields, types and labels in several languages */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/model/schema": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Common Data Model as JSON Schema 2020-12 */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organisations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Organisations known to this node */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Organisation"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organisations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One organisation, by id or slug */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Organisation"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/outcomes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Outcomes your organisation reported, or that concern its data */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    /** @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC. */
                    from?: string;
                    limit?: number;
                    /** @description Only positive (true) or only other (false) outcomes. */
                    positive?: "true" | "false";
                    referralId?: string;
                    /** @description Outcomes your organisation reported, outcomes about your data, or both. */
                    role?: "reporter" | "source" | "any";
                    targetId?: string;
                    /** @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC. */
                    to?: string;
                    type?: "child-safeguarded" | "content-removed" | "account-actioned" | "investigation-opened" | "arrest" | "conviction" | "service-provided" | "referral-completed" | "no-action" | "true-positive" | "false-positive" | "disputed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["OutcomeView"][];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Record an outcome for a record you can see; it is fed back to the data’s source */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["OutcomeRecordInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OutcomeView"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/privacy/risk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** k-anonymity risk of microdata before it is shared: records at risk and generalisations that fix them */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 5 */
                        k?: number;
                        quasiIdentifiers?: ("age" | "gender" | "region" | "language" | "date")[];
                        records: unknown[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/psi/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a set intersection against a peer node as initiator */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        agreement: string;
                        /**
                         * @default x25519
                         * @enum {string}
                         */
                        group?: "x25519" | "p256";
                        /** @enum {string} */
                        kind: "account" | "email" | "phone" | "ip" | "url";
                        /** Format: uri */
                        peer: string;
                        /**
                         * Purpose
                         * @description Purpose the data was collected or is used for.
                         * @enum {string}
                         */
                        purpose: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                        /**
                         * @default cardinality
                         * @enum {string}
                         */
                        reveal?: "cardinality" | "intersection";
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/psi/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open a set intersection session with this node as responder (policy decision, caps, rate limit, audit) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PsiOpenRequestInput"];
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/psi/sessions/{id}/blinded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A batch of the initiator's blinded elements (32-byte u- or x-coordinates, base64) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        offset: number;
                        /** Format: byte */
                        points: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/psi/sessions/{id}/doubled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A batch of the initiator's elements blinded by both sides (shuffled unless the intersection itself was agreed) */
        get: {
            parameters: {
                query: {
                    limit?: number;
                    offset: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/psi/sessions/{id}/finish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close the session, reporting the cardinality for the record */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        cardinality: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/psi/sessions/{id}/set": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A batch of this node's blinded set */
        get: {
            parameters: {
                query: {
                    limit?: number;
                    offset: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quality/datasets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Completeness and validity of each of your organisation's datasets */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quality/minimisation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Fields your organisation collects that no indicator, agreement or export uses */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quality/representation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Coverage by country, language, gender, age or region compared with a reference population you supply; under-represented values flagged */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description country and language of reports, gender and age of children, region of helpline contacts.
                         * @enum {string}
                         */
                        dimension: "country" | "language" | "gender" | "age" | "region";
                        from?: string;
                        /**
                         * @default research-and-statistics
                         * @enum {string}
                         */
                        purpose?: "research-and-statistics" | "victim-identification" | "content-removal" | "investigation" | "prevention" | "service-provision" | "safeguarding";
                        /** @description The reference population the user supplies (e.g. children per country): a value and its population (any unit; only shares are compared). */
                        reference: {
                            population: number;
                            value: string;
                        }[];
                        /** @default own */
                        scope?: string;
                        threshold?: number;
                        to?: string;
                        /**
                         * @description A value is under-represented when its share of the records is below this fraction of its share of the reference population.
                         * @default 0.5
                         */
                        under?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quarantine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Quarantine entries (open by default) with their error and where it happened */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    file?: string;
                    format?: "cybertipline-xml" | "helpline-csv" | "hashlist" | "stix";
                    limit?: number;
                    offset?: number;
                    runId?: string;
                    status?: "open" | "resolved" | "discarded" | "all";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["QuarantineEntry"][];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quarantine/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One quarantine entry with its raw text */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["QuarantineEntry"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quarantine/{id}/correct": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Save corrected raw text for a retry */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        raw: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["QuarantineEntry"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quarantine/{id}/discard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close an entry without writing it (its text is kept) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["QuarantineEntry"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quarantine/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Read an entry again and write it if it is now valid */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RetryOutcome"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/quarantine/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry every open entry matching a filter */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code?: string;
                        file?: string;
                        /** @enum {string} */
                        format?: "cybertipline-xml" | "helpline-csv" | "hashlist" | "stix";
                        /** @default 100 */
                        limit?: number;
                        /** @default 0 */
                        offset?: number;
                        runId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RetryOutcome"][];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Referrals your organisation made or received, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    /** @description Created at or after. */
                    from?: string;
                    limit?: number;
                    originId?: string;
                    /** @description Referrals your organisation made (referrer), received (provider), or both. */
                    role?: "referrer" | "provider" | "any";
                    serviceId?: string;
                    status?: "created" | "sent" | "accepted" | "declined" | "completed" | "closed";
                    /** @description Created before. */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ReferralView"][];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Refer a child from a report or contact your organisation holds, with consent or a safeguarding override (steward or admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ReferralCreateInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReferralView"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One referral your organisation made or received, with its history */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReferralView"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** The next step: sent or closed (referrer); accepted, declined or completed (provider) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ReferralUpdateInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReferralView"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reports you may read, newest first, with filters and cursor pagination */
        get: {
            parameters: {
                query?: {
                    /** @description Read under this agreement (id or slug) instead of your own organisation's records. */
                    agreement?: string;
                    /** @description ISO 3166-1 alpha-2 country code. */
                    country?: string;
                    /** @description The nextCursor of the previous page. */
                    cursor?: string;
                    datasetId?: string;
                    flag?: string;
                    /** @description Reports made at or after this time. */
                    from?: string;
                    kind?: "cybertip" | "hotline-report" | "platform-report" | "law-enforcement-referral" | "public-report";
                    limit?: number;
                    /** @description The purpose you act for; required under an agreement. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                    status?: "received" | "assessed" | "actioned" | "closed";
                    /** @description Reports made before this time. */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReportPage"];
                    };
                };
            };
        };
        put?: never;
        /** Write report bundles, all or nothing (steward or admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ReportWriteRequestInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WriteResult"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One report with its files (metadata and hashes only), signals, children and subjects */
        get: {
            parameters: {
                query?: {
                    /** @description Read under this agreement (id or slug) instead of your own organisation’s records. */
                    agreement?: string;
                    /** @description The purpose you act for; required under an agreement. */
                    purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReportDetail"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a free-text note to your report; sealed at rest (AES-256-GCM, per-dataset key) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reportId: string;
                            /** @enum {boolean} */
                            sealed: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/retention/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run retention over your organisation's datasets (admin); dryRun lists what would happen */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default true */
                        dryRun?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search the service directory by a child's country, language, age and need (every criterion given must hold) */
        get: {
            parameters: {
                query?: {
                    acceptsReferrals?: boolean;
                    /** @description The child's age in whole years: services whose range includes it. */
                    age?: number;
                    /** @description The child's country: services serving it. */
                    country?: string;
                    kind?: "child-helpline" | "counselling" | "medical" | "legal-aid" | "law-enforcement" | "hotline" | "shelter";
                    /** @description A language the child speaks: services working in it (pt-BR matches pt). */
                    language?: string;
                    limit?: number;
                    /** @description The need to meet. */
                    need?: "emotional-support" | "counselling" | "mental-health" | "medical-care" | "sexual-health" | "legal-advice" | "reporting-to-police" | "content-removal" | "sextortion-support" | "safe-accommodation" | "family-support" | "emergency";
                    /** @description Words in the name or description. */
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ServiceMatch"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add or update (same slug) one of your organisation's directory entries (steward or admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ServiceDraftInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Service"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One service, by id (or by slug among your own entries) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Service"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import directory entries from CSV, all or nothing; every bad row is reported with its line and column */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ServiceImportInput"];
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            imported: number;
                            services: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disclosure-controlled counts of reports by up to three dimensions (suppression, or differential privacy with ε) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        agreement?: string;
                        /** @description Count reports by these dimensions (at most 3; at most one of category, flag, age, gender). */
                        dimensions?: ("country" | "month" | "kind" | "status" | "language" | "dataset" | "category" | "flag" | "age" | "gender")[];
                        /** @description Differential privacy: ε spent from every dataset read; counts get discrete Laplace noise. */
                        epsilon?: number | string;
                        /**
                         * @description Equality filters, e.g. {"kind":"cybertip","month":"2026-01"}.
                         * @default {}
                         */
                        filters?: {
                            [key: string]: string;
                        };
                        /**
                         * @description With ε and a multi-valued dimension: each report counts towards at most this many values (the sensitivity).
                         * @default 3
                         */
                        maxContributions?: number;
                        /**
                         * Purpose
                         * @description Purpose the data was collected or is used for.
                         * @enum {string}
                         */
                        purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
                        /** @description Instead of dimensions and filters: "country,month where kind=cybertip". */
                        query?: string;
                        /** @default 10 */
                        threshold?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StatsResult"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/budgets/{datasetId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a dataset's total privacy budget ε (steward or admin of its organisation) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    datasetId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        epsilon: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/taxonomy/age": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Convert a developmental stage or an age band to a range (with its uncertainty), or a range to candidate stages */
        get: {
            parameters: {
                query?: {
                    band?: string;
                    max?: number;
                    min?: number;
                    stage?: string;
                    system?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            candidates?: string[];
                            confidence?: string;
                            determinate?: boolean;
                            note: string;
                            range?: components["schemas"]["TaxonomyAgeRange"];
                            uncertainty?: string;
                            warnings: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/taxonomy/crosswalk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Translate one code into another scheme: relation, target codes, what is lost and what is assumed */
        get: {
            parameters: {
                query: {
                    code: string;
                    /** @description Scheme id, e.g. "uk-2014" (see GET /taxonomy/schemes). */
                    from: string;
                    /** @description ISO 3166-1 alpha-2 country (or EU) whose law a jurisdiction-relative value refers to. */
                    jurisdiction?: string;
                    /** @description Scheme id, e.g. "uk-2014" (see GET /taxonomy/schemes). */
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TaxonomyTranslation"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/taxonomy/crosswalk/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Translate many codes (ingest); an unknown code is an error value in its slot, not a failed request */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        items: {
                            code: string;
                            /** @description Scheme id, e.g. "uk-2014" (see GET /taxonomy/schemes). */
                            scheme: string;
                        }[];
                        /** @description ISO 3166-1 alpha-2 country (or EU) whose law a jurisdiction-relative value refers to. */
                        jurisdiction?: string;
                        /** @description Scheme id, e.g. "uk-2014" (see GET /taxonomy/schemes). */
                        to: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            results: (components["schemas"]["TaxonomyTranslation"] | {
                                error: components["schemas"]["Problem"];
                            })[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/taxonomy/crosswalk/skos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A crosswalk as SKOS mapping relations (JSON-LD) */
        get: {
            parameters: {
                query: {
                    /** @description Scheme id, e.g. "uk-2014" (see GET /taxonomy/schemes). */
                    from: string;
                    /** @description Scheme id, e.g. "uk-2014" (see GET /taxonomy/schemes). */
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/taxonomy/schemes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The classification schemes known to this node */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemes: components["schemas"]["TaxonomySchemeSummary"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Import your organisation's own scheme and crosswalk (SKOS JSON-LD or CSV): validated, registered and kept by the node (steward or admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        file?: string;
                        /**
                         * @default auto
                         * @enum {string}
                         */
                        format?: "skos" | "csv" | "auto";
                        id?: string;
                        text: string;
                        version?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            concepts: number;
                            digest: string;
                            id: string;
                            mappings: number;
                            version: string;
                            warnings: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/taxonomy/schemes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One scheme with its codes, labels in a language (English fallback marked) */
        get: {
            parameters: {
                query?: {
                    lang?: "en" | "fr" | "es" | "pt" | "de";
                };
                header?: never;
                path: {
                    /** @description Scheme id, e.g. "uk-2014" (see GET /taxonomy/schemes). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            codes: {
                                broader?: string;
                                code: string;
                                confidence: string;
                                definition?: string;
                                fallback: boolean;
                                label: string;
                                labelLang: string;
                                sourceLabel?: string;
                                warnings: string[];
                            }[];
                            description: string;
                            id: string;
                            title: string;
                            version: string;
                            warnings: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/taxonomy/schemes/{id}/skos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A scheme as SKOS JSON-LD */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Scheme id, e.g. "uk-2014" (see GET /taxonomy/schemes). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/taxonomy/schemes/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Validate an organisation's scheme and crosswalk (SKOS JSON-LD or CSV); returns what would be registered, stores nothing */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        file?: string;
                        /**
                         * @default auto
                         * @enum {string}
                         */
                        format?: "skos" | "csv" | "auto";
                        id?: string;
                        text: string;
                        version?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alreadyRegistered: boolean;
                            concepts: number;
                            digest: string;
                            format: string;
                            id: string;
                            mappings: number;
                            /** @enum {boolean} */
                            valid: true;
                            version: string;
                            warnings: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/terminology/display-labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Preferred display labels for ingested source labels; the original text is kept beside them */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        labels: string[];
                        /** @enum {string} */
                        lang?: "en" | "fr" | "es" | "pt" | "de" | "nl" | "it" | "lb";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            labels: {
                                changed: boolean;
                                display: string;
                                original: string;
                                rules: string[];
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/terminology/lint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check text for discouraged terminology (Luxembourg Guidelines); with fix, also return the text rewritten where safe */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default false */
                        fix?: boolean;
                        /** @enum {string} */
                        lang?: "en" | "fr" | "es" | "pt" | "de" | "nl" | "it" | "lb";
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors: number;
                            findings: components["schemas"]["TerminologyFinding"][];
                            fixed?: components["schemas"]["TerminologyFinding"][];
                            text?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/terminology/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The terminology rules with severity and confidence */
        get: {
            parameters: {
                query?: {
                    lang?: "en" | "fr" | "es" | "pt" | "de" | "nl" | "it" | "lb";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tombstones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tombstones of your organisation's deleted, anonymised or consent-withdrawn records (for peers), in sequence order after a cursor */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page (a sequence number); omit to start from the beginning. */
                    after?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/h/hash": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not offered: Tessera does not fetch media by URL; POST the bytes instead */
        get: {
            parameters: {
                query?: {
                    url?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        /** Hash an uploaded photo: {"pdq": "<hash>"} (bytes dropped after hashing) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/m/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Look up a hash: {BANK: [{bank_content_id, distance}]} */
        get: {
            parameters: {
                query: {
                    banks?: string;
                    signal: string;
                    signal_type: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: {
                                bank_content_id: number;
                                distance: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Look up an uploaded photo: {"pdq": {BANK: [...]}} */
        post: {
            parameters: {
                query?: {
                    banks?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorResponse"];
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: {
                                [key: string]: {
                                    bank_content_id: number;
                                    distance: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description On what basis the records were returned, and which fields are visible, pseudonymised or hidden. */
        AccessSummary: {
            agreement: {
                id: string;
                slug: string;
                version: number;
                versionHash: string;
            } | null;
            /** @enum {string} */
            basis: "own-organisation" | "agreement";
            fields: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            purpose: string | null;
        };
        /** @description On what basis the records were returned, and which fields are visible, pseudonymised or hidden. */
        AccessSummaryInput: {
            agreement: {
                id: string;
                slug: string;
                version: number;
                versionHash: string;
            } | null;
            /** @enum {string} */
            basis: "own-organisation" | "agreement";
            fields: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            purpose: string | null;
        };
        /** @description Terms a holder offers for a dataset: an agreement template (purposes, legal basis, actions, fields, retention, duties); a recipient asks for an agreement drafted from it. */
        AccessTermsTemplate: {
            /**
             * @description What recipients may do: read (list, search, view), export (bulk), aggregate (counts), psi (private set intersection with the provider's node), link (link and deconflict reports across the agreement, see cases).
             * @default [
             *       "read"
             *     ]
             */
            actions: ("read" | "export" | "aggregate" | "psi" | "link")[];
            /**
             * @default [
             *       "attribute-source"
             *     ]
             */
            duties: ("report-outcomes" | "attribute-source")[];
            /**
             * @description Per field: "visible", "pseudonymised" (keyed pseudonym, stable within the agreement) or "hidden". Fields not listed are hidden.
             * @default {}
             */
            fields: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            /**
             * @description Jurisdictions recipients must operate under; empty = any.
             * @default []
             */
            jurisdictions: string[];
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            /**
             * @description Whether recipients may pass the data on. Distribution only narrows.
             * @default none
             * @enum {string}
             */
            onwardSharing: "none" | "within-recipients";
            /**
             * @default [
             *       "re-identification"
             *     ]
             */
            prohibitions: ("re-identification" | "commercial-use" | "onward-sharing")[];
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            /**
             * @default {
             *       "dataProtectionTrainingWithinDays": 365,
             *       "consent": "not-required",
             *       "safeguardingOverride": false
             *     }
             */
            requirements: {
                /**
                 * @description Whether each child in a shared report must have current consent for the purpose.
                 * @default not-required
                 * @enum {string}
                 */
                consent: "not-required" | "required";
                /**
                 * @description The acting person must have data-protection training at most this many days old; null = not required.
                 * @default 365
                 */
                dataProtectionTrainingWithinDays: number | null;
                /**
                 * @description Whether a recorded safeguarding override (with its reason) may stand in for consent.
                 * @default false
                 */
                safeguardingOverride: boolean;
            };
            /** @description Recipients see records for this many days after they were reported; then the records are no longer shared (and copies are deleted or anonymised). */
            retention: {
                days: number;
                /**
                 * @default delete
                 * @enum {string}
                 */
                then: "delete" | "anonymise";
            };
            /** @description Name of the template; becomes the slug of an agreement drafted from it. */
            template: string;
            title: string;
            /**
             * @description How long an agreement drafted from the template runs.
             * @default 365
             */
            validForDays: number;
        };
        /** @description Terms a holder offers for a dataset: an agreement template (purposes, legal basis, actions, fields, retention, duties); a recipient asks for an agreement drafted from it. */
        AccessTermsTemplateInput: {
            /**
             * @description What recipients may do: read (list, search, view), export (bulk), aggregate (counts), psi (private set intersection with the provider's node), link (link and deconflict reports across the agreement, see cases).
             * @default [
             *       "read"
             *     ]
             */
            actions: ("read" | "export" | "aggregate" | "psi" | "link")[];
            /**
             * @default [
             *       "attribute-source"
             *     ]
             */
            duties: ("report-outcomes" | "attribute-source")[];
            /**
             * @description Per field: "visible", "pseudonymised" (keyed pseudonym, stable within the agreement) or "hidden". Fields not listed are hidden.
             * @default {}
             */
            fields: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            /**
             * @description Jurisdictions recipients must operate under; empty = any.
             * @default []
             */
            jurisdictions: string[];
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            /**
             * @description Whether recipients may pass the data on. Distribution only narrows.
             * @default none
             * @enum {string}
             */
            onwardSharing: "none" | "within-recipients";
            /**
             * @default [
             *       "re-identification"
             *     ]
             */
            prohibitions: ("re-identification" | "commercial-use" | "onward-sharing")[];
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            /**
             * @default {
             *       "dataProtectionTrainingWithinDays": 365,
             *       "consent": "not-required",
             *       "safeguardingOverride": false
             *     }
             */
            requirements: {
                /**
                 * @description Whether each child in a shared report must have current consent for the purpose.
                 * @default not-required
                 * @enum {string}
                 */
                consent: "not-required" | "required";
                /**
                 * @description The acting person must have data-protection training at most this many days old; null = not required.
                 * @default 365
                 */
                dataProtectionTrainingWithinDays: number | null;
                /**
                 * @description Whether a recorded safeguarding override (with its reason) may stand in for consent.
                 * @default false
                 */
                safeguardingOverride: boolean;
            };
            /** @description Recipients see records for this many days after they were reported; then the records are no longer shared (and copies are deleted or anonymised). */
            retention: {
                days: number;
                /**
                 * @default delete
                 * @enum {string}
                 */
                then: "delete" | "anonymise";
            };
            /** @description Name of the template; becomes the slug of an agreement drafted from it. */
            template: string;
            title: string;
            /**
             * @description How long an agreement drafted from the template runs.
             * @default 365
             */
            validForDays: number;
        };
        /**
         * Age range
         * @description Age as a range in whole years with its basis; never a single guessed number.
         */
        AgeRange: {
            /**
             * @description How the age is known: documented (ID, records), reported (stated by a person), estimated (assessed by an analyst), developmental-stage (a maturity stage, not a chronological age).
             * @enum {string}
             */
            basis: "documented" | "reported" | "estimated" | "developmental-stage";
            /** @description Highest age in whole years, inclusive; null when unknown. */
            max: number | null;
            /** @description Lowest age in whole years, inclusive; null when unknown. */
            min: number | null;
            /** @description Developmental stage as the source named it (e.g. "prepubescent"), required when basis is developmental-stage. */
            stage?: string;
        };
        /**
         * Age range
         * @description Age as a range in whole years with its basis; never a single guessed number.
         */
        AgeRangeInput: {
            /**
             * @description How the age is known: documented (ID, records), reported (stated by a person), estimated (assessed by an analyst), developmental-stage (a maturity stage, not a chronological age).
             * @enum {string}
             */
            basis: "documented" | "reported" | "estimated" | "developmental-stage";
            /** @description Highest age in whole years, inclusive; null when unknown. */
            max: number | null;
            /** @description Lowest age in whole years, inclusive; null when unknown. */
            min: number | null;
            /** @description Developmental stage as the source named it (e.g. "prepubescent"), required when basis is developmental-stage. */
            stage?: string;
        };
        /**
         * Agreement
         * @description A data-sharing agreement between organisations (after ODRL, with DPV purposes and legal bases); its full terms (fields, retention, duties, requirements) are the AgreementTerms of the policy module.
         */
        Agreement: {
            /** @description What recipients may do (ODRL actions read, reproduce, aggregate). */
            actions?: ("read" | "export" | "aggregate")[];
            datasetIds: string[];
            /** @description Identifier, computed from providerOrgId + slug when not given. */
            id: string;
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            providerOrgId: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            recipientOrgIds: string[];
            /** @description Recipients see records for this many days after they were reported. */
            retentionDays?: number;
            slug: string;
            /**
             * @default draft
             * @enum {string}
             */
            state: "draft" | "active" | "expired" | "revoked" | "not-yet-valid";
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validFrom?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validUntil?: string;
            /** @default 1 */
            version: number;
            /** @description SHA-256 of the version's canonical terms: what each party accepted and what every access decision cites. */
            versionHash?: string;
        };
        /** @description Terms of a new agreement, or of a new version of a draft (same slug). providerOrgId defaults to your organisation. */
        AgreementDraft: {
            /**
             * @description What recipients may do: read (list, search, view), export (bulk), aggregate (counts), psi (private set intersection with the provider's node), link (link and deconflict reports across the agreement, see cases).
             * @default [
             *       "read"
             *     ]
             */
            actions: ("read" | "export" | "aggregate" | "psi" | "link")[];
            /** @description Helpline contacts (datasets of record type "contact"): per field "visible", "pseudonymised" or "hidden". Fields not listed are hidden. */
            contactFields?: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            datasetIds: string[];
            /**
             * @default [
             *       "attribute-source"
             *     ]
             */
            duties: ("report-outcomes" | "attribute-source")[];
            /**
             * @description Per field: "visible", "pseudonymised" (keyed pseudonym, stable within the agreement) or "hidden". Fields not listed are hidden.
             * @default {}
             */
            fields: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            /**
             * @description Jurisdictions recipients must operate under; empty = any.
             * @default []
             */
            jurisdictions: string[];
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            /**
             * @description Whether recipients may pass the data on. Distribution only narrows.
             * @default none
             * @enum {string}
             */
            onwardSharing: "none" | "within-recipients";
            /**
             * @default [
             *       "re-identification"
             *     ]
             */
            prohibitions: ("re-identification" | "commercial-use" | "onward-sharing")[];
            providerOrgId?: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            recipients: {
                /** @description Contact field rules for this recipient, replacing the agreement-wide ones. */
                contactFields?: {
                    [key: string]: "visible" | "pseudonymised" | "hidden";
                };
                /** @description Field rules for this recipient, replacing the agreement-wide ones. */
                fields?: {
                    [key: string]: "visible" | "pseudonymised" | "hidden";
                };
                orgId: string;
            }[];
            /**
             * @default {
             *       "dataProtectionTrainingWithinDays": 365,
             *       "consent": "not-required",
             *       "safeguardingOverride": false
             *     }
             */
            requirements: {
                /**
                 * @description Whether each child in a shared report must have current consent for the purpose.
                 * @default not-required
                 * @enum {string}
                 */
                consent: "not-required" | "required";
                /**
                 * @description The acting person must have data-protection training at most this many days old; null = not required.
                 * @default 365
                 */
                dataProtectionTrainingWithinDays: number | null;
                /**
                 * @description Whether a recorded safeguarding override (with its reason) may stand in for consent.
                 * @default false
                 */
                safeguardingOverride: boolean;
            };
            /** @description Recipients see records for this many days after they were reported; then the records are no longer shared (and copies are deleted or anonymised). */
            retention: {
                days: number;
                /**
                 * @default delete
                 * @enum {string}
                 */
                then: "delete" | "anonymise";
            };
            slug: string;
            title: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validFrom: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validUntil: string;
        };
        /** @description Terms of a new agreement, or of a new version of a draft (same slug). providerOrgId defaults to your organisation. */
        AgreementDraftInput: {
            /**
             * @description What recipients may do: read (list, search, view), export (bulk), aggregate (counts), psi (private set intersection with the provider's node), link (link and deconflict reports across the agreement, see cases).
             * @default [
             *       "read"
             *     ]
             */
            actions: ("read" | "export" | "aggregate" | "psi" | "link")[];
            /** @description Helpline contacts (datasets of record type "contact"): per field "visible", "pseudonymised" or "hidden". Fields not listed are hidden. */
            contactFields?: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            datasetIds: string[];
            /**
             * @default [
             *       "attribute-source"
             *     ]
             */
            duties: ("report-outcomes" | "attribute-source")[];
            /**
             * @description Per field: "visible", "pseudonymised" (keyed pseudonym, stable within the agreement) or "hidden". Fields not listed are hidden.
             * @default {}
             */
            fields: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            /**
             * @description Jurisdictions recipients must operate under; empty = any.
             * @default []
             */
            jurisdictions: string[];
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            /**
             * @description Whether recipients may pass the data on. Distribution only narrows.
             * @default none
             * @enum {string}
             */
            onwardSharing: "none" | "within-recipients";
            /**
             * @default [
             *       "re-identification"
             *     ]
             */
            prohibitions: ("re-identification" | "commercial-use" | "onward-sharing")[];
            providerOrgId?: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            recipients: {
                /** @description Contact field rules for this recipient, replacing the agreement-wide ones. */
                contactFields?: {
                    [key: string]: "visible" | "pseudonymised" | "hidden";
                };
                /** @description Field rules for this recipient, replacing the agreement-wide ones. */
                fields?: {
                    [key: string]: "visible" | "pseudonymised" | "hidden";
                };
                orgId: string;
            }[];
            /**
             * @default {
             *       "dataProtectionTrainingWithinDays": 365,
             *       "consent": "not-required",
             *       "safeguardingOverride": false
             *     }
             */
            requirements: {
                /**
                 * @description Whether each child in a shared report must have current consent for the purpose.
                 * @default not-required
                 * @enum {string}
                 */
                consent: "not-required" | "required";
                /**
                 * @description The acting person must have data-protection training at most this many days old; null = not required.
                 * @default 365
                 */
                dataProtectionTrainingWithinDays: number | null;
                /**
                 * @description Whether a recorded safeguarding override (with its reason) may stand in for consent.
                 * @default false
                 */
                safeguardingOverride: boolean;
            };
            /** @description Recipients see records for this many days after they were reported; then the records are no longer shared (and copies are deleted or anonymised). */
            retention: {
                days: number;
                /**
                 * @default delete
                 * @enum {string}
                 */
                then: "delete" | "anonymise";
            };
            slug: string;
            title: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validFrom: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validUntil: string;
        };
        /**
         * Agreement
         * @description A data-sharing agreement between organisations (after ODRL, with DPV purposes and legal bases); its full terms (fields, retention, duties, requirements) are the AgreementTerms of the policy module.
         */
        AgreementInput: {
            /** @description What recipients may do (ODRL actions read, reproduce, aggregate). */
            actions?: ("read" | "export" | "aggregate")[];
            datasetIds: string[];
            /** @description Identifier, computed from providerOrgId + slug when not given. */
            id: string;
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            providerOrgId: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            recipientOrgIds: string[];
            /** @description Recipients see records for this many days after they were reported. */
            retentionDays?: number;
            slug: string;
            /**
             * @default draft
             * @enum {string}
             */
            state: "draft" | "active" | "expired" | "revoked" | "not-yet-valid";
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validFrom?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validUntil?: string;
            /** @default 1 */
            version: number;
            /** @description SHA-256 of the version's canonical terms: what each party accepted and what every access decision cites. */
            versionHash?: string;
        };
        /** @description The full terms of a data-sharing agreement (after ODRL, with DPV purposes and legal bases). */
        AgreementTerms: {
            /**
             * @description What recipients may do: read (list, search, view), export (bulk), aggregate (counts), psi (private set intersection with the provider's node), link (link and deconflict reports across the agreement, see cases).
             * @default [
             *       "read"
             *     ]
             */
            actions: ("read" | "export" | "aggregate" | "psi" | "link")[];
            /** @description Helpline contacts (datasets of record type "contact"): per field "visible", "pseudonymised" or "hidden". Fields not listed are hidden. */
            contactFields?: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            datasetIds: string[];
            /**
             * @default [
             *       "attribute-source"
             *     ]
             */
            duties: ("report-outcomes" | "attribute-source")[];
            /**
             * @description Per field: "visible", "pseudonymised" (keyed pseudonym, stable within the agreement) or "hidden". Fields not listed are hidden.
             * @default {}
             */
            fields: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            /**
             * @description Jurisdictions recipients must operate under; empty = any.
             * @default []
             */
            jurisdictions: string[];
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            /**
             * @description Whether recipients may pass the data on. Distribution only narrows.
             * @default none
             * @enum {string}
             */
            onwardSharing: "none" | "within-recipients";
            /**
             * @default [
             *       "re-identification"
             *     ]
             */
            prohibitions: ("re-identification" | "commercial-use" | "onward-sharing")[];
            providerOrgId: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            recipients: {
                /** @description Contact field rules for this recipient, replacing the agreement-wide ones. */
                contactFields?: {
                    [key: string]: "visible" | "pseudonymised" | "hidden";
                };
                /** @description Field rules for this recipient, replacing the agreement-wide ones. */
                fields?: {
                    [key: string]: "visible" | "pseudonymised" | "hidden";
                };
                orgId: string;
            }[];
            /**
             * @default {
             *       "dataProtectionTrainingWithinDays": 365,
             *       "consent": "not-required",
             *       "safeguardingOverride": false
             *     }
             */
            requirements: {
                /**
                 * @description Whether each child in a shared report must have current consent for the purpose.
                 * @default not-required
                 * @enum {string}
                 */
                consent: "not-required" | "required";
                /**
                 * @description The acting person must have data-protection training at most this many days old; null = not required.
                 * @default 365
                 */
                dataProtectionTrainingWithinDays: number | null;
                /**
                 * @description Whether a recorded safeguarding override (with its reason) may stand in for consent.
                 * @default false
                 */
                safeguardingOverride: boolean;
            };
            /** @description Recipients see records for this many days after they were reported; then the records are no longer shared (and copies are deleted or anonymised). */
            retention: {
                days: number;
                /**
                 * @default delete
                 * @enum {string}
                 */
                then: "delete" | "anonymise";
            };
            slug: string;
            title: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validFrom: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validUntil: string;
        };
        /** @description The full terms of a data-sharing agreement (after ODRL, with DPV purposes and legal bases). */
        AgreementTermsInput: {
            /**
             * @description What recipients may do: read (list, search, view), export (bulk), aggregate (counts), psi (private set intersection with the provider's node), link (link and deconflict reports across the agreement, see cases).
             * @default [
             *       "read"
             *     ]
             */
            actions: ("read" | "export" | "aggregate" | "psi" | "link")[];
            /** @description Helpline contacts (datasets of record type "contact"): per field "visible", "pseudonymised" or "hidden". Fields not listed are hidden. */
            contactFields?: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            datasetIds: string[];
            /**
             * @default [
             *       "attribute-source"
             *     ]
             */
            duties: ("report-outcomes" | "attribute-source")[];
            /**
             * @description Per field: "visible", "pseudonymised" (keyed pseudonym, stable within the agreement) or "hidden". Fields not listed are hidden.
             * @default {}
             */
            fields: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            /**
             * @description Jurisdictions recipients must operate under; empty = any.
             * @default []
             */
            jurisdictions: string[];
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            /**
             * @description Whether recipients may pass the data on. Distribution only narrows.
             * @default none
             * @enum {string}
             */
            onwardSharing: "none" | "within-recipients";
            /**
             * @default [
             *       "re-identification"
             *     ]
             */
            prohibitions: ("re-identification" | "commercial-use" | "onward-sharing")[];
            providerOrgId: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            recipients: {
                /** @description Contact field rules for this recipient, replacing the agreement-wide ones. */
                contactFields?: {
                    [key: string]: "visible" | "pseudonymised" | "hidden";
                };
                /** @description Field rules for this recipient, replacing the agreement-wide ones. */
                fields?: {
                    [key: string]: "visible" | "pseudonymised" | "hidden";
                };
                orgId: string;
            }[];
            /**
             * @default {
             *       "dataProtectionTrainingWithinDays": 365,
             *       "consent": "not-required",
             *       "safeguardingOverride": false
             *     }
             */
            requirements: {
                /**
                 * @description Whether each child in a shared report must have current consent for the purpose.
                 * @default not-required
                 * @enum {string}
                 */
                consent: "not-required" | "required";
                /**
                 * @description The acting person must have data-protection training at most this many days old; null = not required.
                 * @default 365
                 */
                dataProtectionTrainingWithinDays: number | null;
                /**
                 * @description Whether a recorded safeguarding override (with its reason) may stand in for consent.
                 * @default false
                 */
                safeguardingOverride: boolean;
            };
            /** @description Recipients see records for this many days after they were reported; then the records are no longer shared (and copies are deleted or anonymised). */
            retention: {
                days: number;
                /**
                 * @default delete
                 * @enum {string}
                 */
                then: "delete" | "anonymise";
            };
            slug: string;
            title: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validFrom: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validUntil: string;
        };
        /** @description An agreement as its parties see it; state is effective now (expired and not-yet-valid follow from the validity window). */
        AgreementView: {
            asOf: string;
            id: string;
            parties: {
                acceptedAt: string | null;
                acceptedVersionHash: string | null;
                orgId: string;
                /** @enum {string} */
                role: "provider" | "recipient";
                slug: string;
            }[];
            revoked: {
                at: string;
                by: string;
                reason: string;
            } | null;
            slug: string;
            /** @enum {string} */
            state: "draft" | "active" | "revoked" | "expired" | "not-yet-valid";
            /** @enum {string} */
            storedState: "draft" | "active" | "revoked";
            terms: components["schemas"]["AgreementTerms"];
            version: number;
            versionHash: string;
        };
        /** @description An agreement as its parties see it; state is effective now (expired and not-yet-valid follow from the validity window). */
        AgreementViewInput: {
            asOf: string;
            id: string;
            parties: {
                acceptedAt: string | null;
                acceptedVersionHash: string | null;
                orgId: string;
                /** @enum {string} */
                role: "provider" | "recipient";
                slug: string;
            }[];
            revoked: {
                at: string;
                by: string;
                reason: string;
            } | null;
            slug: string;
            /** @enum {string} */
            state: "draft" | "active" | "revoked" | "expired" | "not-yet-valid";
            /** @enum {string} */
            storedState: "draft" | "active" | "revoked";
            terms: components["schemas"]["AgreementTermsInput"];
            version: number;
            versionHash: string;
        };
        /** @description Whom to ask about the dataset (a role, not a person’s private address). */
        CatalogueContact: {
            /** Format: email */
            email?: string;
            name?: string;
            /** Format: uri */
            url?: string;
        };
        /** @description Whom to ask about the dataset (a role, not a person’s private address). */
        CatalogueContactInput: {
            /** Format: email */
            email?: string;
            name?: string;
            /** Format: uri */
            url?: string;
        };
        /** @description Who holds what, on what terms: a dataset described, never its records. */
        CatalogueEntry: {
            accessTerms: components["schemas"]["AccessTermsTemplate"][];
            contact: components["schemas"]["CatalogueContact"];
            coverage: components["schemas"]["Coverage"];
            datasetId: string;
            description: string;
            fields: string[];
            holder: {
                jurisdiction: string;
                kind: string;
                name: string;
                slug: string;
            } | null;
            holderOrgId: string;
            language: string;
            legalBasis: string | null;
            purpose: string | null;
            /** @description Full-text relevance, when found by words. */
            rank?: number;
            recordType: string | null;
            title: string;
            topics: string[];
            updatedAt: string;
            /** @enum {string} */
            updateFrequency: "continuous" | "daily" | "weekly" | "monthly" | "quarterly" | "annual" | "irregular" | "closed";
        };
        /** @description A catalogue entry for one of your organisation's datasets. */
        CatalogueEntryDraft: {
            /**
             * @description Agreement templates offered for this dataset.
             * @default []
             */
            accessTerms: components["schemas"]["AccessTermsTemplate"][];
            /** @default {} */
            contact: components["schemas"]["CatalogueContact"];
            /**
             * @default {
             *       "countries": [],
             *       "languages": [],
             *       "to": null,
             *       "records": null,
             *       "populations": ""
             *     }
             */
            coverage: components["schemas"]["Coverage"];
            datasetId: string;
            /** @description Defaults to the dataset description. */
            description?: string;
            /**
             * @description CDM fields the dataset holds, as Entity.field from the data dictionary.
             * @default []
             */
            fields: string[];
            /**
             * Language
             * @description Language of the title and description (for stemming in search).
             * @default en
             */
            language: string;
            /** @description Defaults to the dataset name. */
            title?: string;
            /**
             * @description Topics in plain words: "sextortion", "helpline contacts", "hash list".
             * @default []
             */
            topics: string[];
            /** @enum {string} */
            updateFrequency: "continuous" | "daily" | "weekly" | "monthly" | "quarterly" | "annual" | "irregular" | "closed";
        };
        /** @description A catalogue entry for one of your organisation's datasets. */
        CatalogueEntryDraftInput: {
            /**
             * @description Agreement templates offered for this dataset.
             * @default []
             */
            accessTerms: components["schemas"]["AccessTermsTemplateInput"][];
            /** @default {} */
            contact: components["schemas"]["CatalogueContactInput"];
            /**
             * @default {
             *       "countries": [],
             *       "languages": [],
             *       "to": null,
             *       "records": null,
             *       "populations": ""
             *     }
             */
            coverage: components["schemas"]["CoverageInput"];
            datasetId: string;
            /** @description Defaults to the dataset description. */
            description?: string;
            /**
             * @description CDM fields the dataset holds, as Entity.field from the data dictionary.
             * @default []
             */
            fields: string[];
            /**
             * Language
             * @description Language of the title and description (for stemming in search).
             * @default en
             */
            language: string;
            /** @description Defaults to the dataset name. */
            title?: string;
            /**
             * @description Topics in plain words: "sextortion", "helpline contacts", "hash list".
             * @default []
             */
            topics: string[];
            /** @enum {string} */
            updateFrequency: "continuous" | "daily" | "weekly" | "monthly" | "quarterly" | "annual" | "irregular" | "closed";
        };
        /** @description Who holds what, on what terms: a dataset described, never its records. */
        CatalogueEntryInput: {
            accessTerms: components["schemas"]["AccessTermsTemplateInput"][];
            contact: components["schemas"]["CatalogueContactInput"];
            coverage: components["schemas"]["CoverageInput"];
            datasetId: string;
            description: string;
            fields: string[];
            holder: {
                jurisdiction: string;
                kind: string;
                name: string;
                slug: string;
            } | null;
            holderOrgId: string;
            language: string;
            legalBasis: string | null;
            purpose: string | null;
            /** @description Full-text relevance, when found by words. */
            rank?: number;
            recordType: string | null;
            title: string;
            topics: string[];
            updatedAt: string;
            /** @enum {string} */
            updateFrequency: "continuous" | "daily" | "weekly" | "monthly" | "quarterly" | "annual" | "irregular" | "closed";
        };
        /**
         * Child
         * @description A child victim or a child at risk; pseudonymous, with age as a range and its basis.
         */
        Child: {
            age: components["schemas"]["AgeRange"];
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            /**
             * Gender
             * @description Gender as recorded by the source; "unknown" when not recorded.
             * @default unknown
             * @enum {string}
             */
            gender: "female" | "male" | "non-binary" | "other" | "unknown";
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id: string;
            /**
             * @description Whether the child has been identified by law enforcement or a safeguarding body.
             * @default false
             */
            identified: boolean;
            reportId: string;
            /** @description Identifier of the child within the report (e.g. an ordinal). */
            sourceRef: string;
        };
        /**
         * Child
         * @description A child victim or a child at risk; pseudonymous, with age as a range and its basis. (as nested in a bundle: reportId filled in by the node)
         */
        ChildInBundle: {
            age: components["schemas"]["AgeRange"];
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            /**
             * Gender
             * @description Gender as recorded by the source; "unknown" when not recorded.
             * @default unknown
             * @enum {string}
             */
            gender: "female" | "male" | "non-binary" | "other" | "unknown";
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id?: string;
            /**
             * @description Whether the child has been identified by law enforcement or a safeguarding body.
             * @default false
             */
            identified: boolean;
            /** @description Identifier of the child within the report (e.g. an ordinal). */
            sourceRef: string;
        };
        /**
         * Child
         * @description A child victim or a child at risk; pseudonymous, with age as a range and its basis. (as nested in a bundle: reportId filled in by the node)
         */
        ChildInBundleInput: {
            age: components["schemas"]["AgeRangeInput"];
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            /**
             * Gender
             * @description Gender as recorded by the source; "unknown" when not recorded.
             * @default unknown
             * @enum {string}
             */
            gender: "female" | "male" | "non-binary" | "other" | "unknown";
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id?: string;
            /**
             * @description Whether the child has been identified by law enforcement or a safeguarding body.
             * @default false
             */
            identified: boolean;
            /** @description Identifier of the child within the report (e.g. an ordinal). */
            sourceRef: string;
        };
        /**
         * Child
         * @description A child victim or a child at risk; pseudonymous, with age as a range and its basis.
         */
        ChildInput: {
            age: components["schemas"]["AgeRangeInput"];
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            /**
             * Gender
             * @description Gender as recorded by the source; "unknown" when not recorded.
             * @default unknown
             * @enum {string}
             */
            gender: "female" | "male" | "non-binary" | "other" | "unknown";
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id: string;
            /**
             * @description Whether the child has been identified by law enforcement or a safeguarding body.
             * @default false
             */
            identified: boolean;
            reportId: string;
            /** @description Identifier of the child within the report (e.g. an ordinal). */
            sourceRef: string;
        };
        /**
         * Classification
         * @description One assessment of a report, file or contact in a named scheme, by one organisation.
         */
        Classification: {
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            assessedAt: string;
            assessorOrgId: string;
            code: string;
            /** @description Identifier, computed from targetId + scheme + code + assessorOrgId when not given. */
            id: string;
            /**
             * Country
             * @description Jurisdiction the legal status is relative to; required for "nationally-illegal".
             */
            jurisdiction?: string;
            /**
             * @default unknown
             * @enum {string}
             */
            legalStatus: "illegal" | "nationally-illegal" | "not-illegal" | "harmful-not-illegal" | "unknown";
            scheme: string;
            targetId: string;
        };
        /**
         * Classification
         * @description One assessment of a report, file or contact in a named scheme, by one organisation.
         */
        ClassificationInput: {
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            assessedAt: string;
            assessorOrgId: string;
            code: string;
            /** @description Identifier, computed from targetId + scheme + code + assessorOrgId when not given. */
            id: string;
            /**
             * Country
             * @description Jurisdiction the legal status is relative to; required for "nationally-illegal".
             */
            jurisdiction?: string;
            /**
             * @default unknown
             * @enum {string}
             */
            legalStatus: "illegal" | "nationally-illegal" | "not-illegal" | "harmful-not-illegal" | "unknown";
            scheme: string;
            targetId: string;
        };
        /**
         * Consent
         * @description A consent event after ISO/IEC TS 27560: given, withdrawn or expired; or a safeguarding override (sharing without consent because a child is at risk), which needs a reason.
         */
        Consent: {
            agreementId?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            at: string;
            /** @enum {string} */
            event: "given" | "withdrawn" | "expired" | "safeguarding-override";
            /**
             * Format: date-time
             * @description When a given consent lapses.
             */
            expiresAt?: string;
            /**
             * @description Who gave or withdrew consent; "safeguarding" for an override.
             * @enum {string}
             */
            givenBy: "child" | "caregiver" | "safeguarding";
            /** @description Identifier, computed from subjectRef + givenBy + event + at when not given. */
            id: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            /** @description Mandatory for a safeguarding override; always audited. */
            reason?: string;
            /** @description The child or contact the consent is about. */
            subjectRef: string;
        };
        ConsentEvent: {
            agreementId: string | null;
            at: string;
            event: string;
            expiresAt: string | null;
            givenBy: string;
            id: string;
            purposes: string[];
            reason: string | null;
            subjectRef: string;
        };
        ConsentEventInput: {
            agreementId: string | null;
            at: string;
            event: string;
            expiresAt: string | null;
            givenBy: string;
            id: string;
            purposes: string[];
            reason: string | null;
            subjectRef: string;
        };
        /**
         * Consent
         * @description A consent event after ISO/IEC TS 27560: given, withdrawn or expired; or a safeguarding override (sharing without consent because a child is at risk), which needs a reason.
         */
        ConsentInput: {
            agreementId?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            at: string;
            /** @enum {string} */
            event: "given" | "withdrawn" | "expired" | "safeguarding-override";
            /**
             * Format: date-time
             * @description When a given consent lapses.
             */
            expiresAt?: string;
            /**
             * @description Who gave or withdrew consent; "safeguarding" for an override.
             * @enum {string}
             */
            givenBy: "child" | "caregiver" | "safeguarding";
            /** @description Identifier, computed from subjectRef + givenBy + event + at when not given. */
            id: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            /** @description Mandatory for a safeguarding override; always audited. */
            reason?: string;
            /** @description The child or contact the consent is about. */
            subjectRef: string;
        };
        /** @description A consent event (ISO/IEC TS 27560): given, withdrawn or expired. */
        ConsentRecordInput: {
            agreementId?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            at?: string;
            /** @enum {string} */
            event: "given" | "withdrawn" | "expired";
            /**
             * Format: date-time
             * @description When a given consent lapses.
             */
            expiresAt?: string;
            /** @enum {string} */
            givenBy: "child" | "caregiver";
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            subjectRef: string;
        };
        /** @description A consent event (ISO/IEC TS 27560): given, withdrawn or expired. */
        ConsentRecordInputInput: {
            agreementId?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            at?: string;
            /** @enum {string} */
            event: "given" | "withdrawn" | "expired";
            /**
             * Format: date-time
             * @description When a given consent lapses.
             */
            expiresAt?: string;
            /** @enum {string} */
            givenBy: "child" | "caregiver";
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            subjectRef: string;
        };
        /**
         * Helpline contact
         * @description A contact with a child helpline.
         */
        Contact: {
            age?: components["schemas"]["AgeRange"];
            /**
             * Categories
             * @description Contact categories in the source scheme, verbatim.
             * @default []
             */
            categories: components["schemas"]["SchemeCode"][];
            /**
             * Channel
             * @description How the child or caller reached the helpline.
             * @enum {string}
             */
            channel: "phone" | "chat" | "email" | "sms" | "web-form" | "social-media" | "in-person" | "other";
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            contactAt: string;
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            datasetId: string;
            durationMinutes?: number;
            /**
             * Gender
             * @description Gender as recorded by the source; "unknown" when not recorded.
             * @default unknown
             * @enum {string}
             */
            gender: "female" | "male" | "non-binary" | "other" | "unknown";
            /** @description Identifier, computed from sourceOrgId + sourceRef when not given. */
            id: string;
            /**
             * Language
             * @description BCP 47 language tag.
             */
            language?: string;
            lineage: components["schemas"]["Lineage"];
            /** @description Sub-national region as the helpline records it. */
            region?: string;
            sourceOrgId: string;
            sourceRef: string;
        };
        /** @description On what basis the contacts were returned, and which contact fields are visible, pseudonymised or hidden. */
        ContactAccessSummary: {
            agreement: {
                id: string;
                slug: string;
                version: number;
                versionHash: string;
            } | null;
            /** @enum {string} */
            basis: "own-organisation" | "agreement";
            fields: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            purpose: string | null;
        };
        /** @description On what basis the contacts were returned, and which contact fields are visible, pseudonymised or hidden. */
        ContactAccessSummaryInput: {
            agreement: {
                id: string;
                slug: string;
                version: number;
                versionHash: string;
            } | null;
            /** @enum {string} */
            basis: "own-organisation" | "agreement";
            fields: {
                [key: string]: "visible" | "pseudonymised" | "hidden";
            };
            purpose: string | null;
        };
        /**
         * Helpline contact
         * @description A contact with a child helpline. (as nested in a bundle: sourceOrgId, lineage filled in by the node)
         */
        ContactInBundle: {
            age?: components["schemas"]["AgeRange"];
            /**
             * Categories
             * @description Contact categories in the source scheme, verbatim.
             * @default []
             */
            categories: components["schemas"]["SchemeCode"][];
            /**
             * Channel
             * @description How the child or caller reached the helpline.
             * @enum {string}
             */
            channel: "phone" | "chat" | "email" | "sms" | "web-form" | "social-media" | "in-person" | "other";
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            contactAt: string;
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            datasetId: string;
            durationMinutes?: number;
            /**
             * Gender
             * @description Gender as recorded by the source; "unknown" when not recorded.
             * @default unknown
             * @enum {string}
             */
            gender: "female" | "male" | "non-binary" | "other" | "unknown";
            /** @description Identifier, computed from sourceOrgId + sourceRef when not given. */
            id?: string;
            /**
             * Language
             * @description BCP 47 language tag.
             */
            language?: string;
            /** @description Sub-national region as the helpline records it. */
            region?: string;
            sourceRef: string;
        };
        /**
         * Helpline contact
         * @description A contact with a child helpline. (as nested in a bundle: sourceOrgId, lineage filled in by the node)
         */
        ContactInBundleInput: {
            age?: components["schemas"]["AgeRangeInput"];
            /**
             * Categories
             * @description Contact categories in the source scheme, verbatim.
             * @default []
             */
            categories: components["schemas"]["SchemeCodeInput"][];
            /**
             * Channel
             * @description How the child or caller reached the helpline.
             * @enum {string}
             */
            channel: "phone" | "chat" | "email" | "sms" | "web-form" | "social-media" | "in-person" | "other";
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            contactAt: string;
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            datasetId: string;
            durationMinutes?: number;
            /**
             * Gender
             * @description Gender as recorded by the source; "unknown" when not recorded.
             * @default unknown
             * @enum {string}
             */
            gender: "female" | "male" | "non-binary" | "other" | "unknown";
            /** @description Identifier, computed from sourceOrgId + sourceRef when not given. */
            id?: string;
            /**
             * Language
             * @description BCP 47 language tag.
             */
            language?: string;
            /** @description Sub-national region as the helpline records it. */
            region?: string;
            sourceRef: string;
        };
        /**
         * Helpline contact
         * @description A contact with a child helpline.
         */
        ContactInput: {
            age?: components["schemas"]["AgeRangeInput"];
            /**
             * Categories
             * @description Contact categories in the source scheme, verbatim.
             * @default []
             */
            categories: components["schemas"]["SchemeCodeInput"][];
            /**
             * Channel
             * @description How the child or caller reached the helpline.
             * @enum {string}
             */
            channel: "phone" | "chat" | "email" | "sms" | "web-form" | "social-media" | "in-person" | "other";
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            contactAt: string;
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            datasetId: string;
            durationMinutes?: number;
            /**
             * Gender
             * @description Gender as recorded by the source; "unknown" when not recorded.
             * @default unknown
             * @enum {string}
             */
            gender: "female" | "male" | "non-binary" | "other" | "unknown";
            /** @description Identifier, computed from sourceOrgId + sourceRef when not given. */
            id: string;
            /**
             * Language
             * @description BCP 47 language tag.
             */
            language?: string;
            lineage: components["schemas"]["LineageInput"];
            /** @description Sub-national region as the helpline records it. */
            region?: string;
            sourceOrgId: string;
            sourceRef: string;
        };
        ContactPage: {
            access: components["schemas"]["ContactAccessSummary"];
            items: components["schemas"]["SharedContact"][];
            nextCursor: string | null;
        };
        ContactPageInput: {
            access: components["schemas"]["ContactAccessSummaryInput"];
            items: components["schemas"]["SharedContactInput"][];
            nextCursor: string | null;
        };
        /**
         * Content item
         * @description Metadata and hashes of one file in a report; never its bytes.
         */
        ContentItem: {
            hashes: components["schemas"]["HashValues"];
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id: string;
            lineage: components["schemas"]["Lineage"];
            /** @enum {string} */
            mediaType: "image" | "video" | "audio" | "text" | "archive" | "other";
            reportId: string;
            sizeBytes?: number;
            /** @description The source's own identifier for the file within the report (e.g. NCMEC fileId). */
            sourceRef: string;
        };
        /**
         * Content item
         * @description Metadata and hashes of one file in a report; never its bytes. (as nested in a bundle: reportId, lineage filled in by the node)
         */
        ContentItemInBundle: {
            hashes: components["schemas"]["HashValues"];
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id?: string;
            /** @enum {string} */
            mediaType: "image" | "video" | "audio" | "text" | "archive" | "other";
            sizeBytes?: number;
            /** @description The source's own identifier for the file within the report (e.g. NCMEC fileId). */
            sourceRef: string;
        };
        /**
         * Content item
         * @description Metadata and hashes of one file in a report; never its bytes. (as nested in a bundle: reportId, lineage filled in by the node)
         */
        ContentItemInBundleInput: {
            hashes: components["schemas"]["HashValuesInput"];
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id?: string;
            /** @enum {string} */
            mediaType: "image" | "video" | "audio" | "text" | "archive" | "other";
            sizeBytes?: number;
            /** @description The source's own identifier for the file within the report (e.g. NCMEC fileId). */
            sourceRef: string;
        };
        /**
         * Content item
         * @description Metadata and hashes of one file in a report; never its bytes.
         */
        ContentItemInput: {
            hashes: components["schemas"]["HashValuesInput"];
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id: string;
            lineage: components["schemas"]["LineageInput"];
            /** @enum {string} */
            mediaType: "image" | "video" | "audio" | "text" | "archive" | "other";
            reportId: string;
            sizeBytes?: number;
            /** @description The source's own identifier for the file within the report (e.g. NCMEC fileId). */
            sourceRef: string;
        };
        /** @description What the dataset covers: where, which languages, when, how many, whom. */
        Coverage: {
            /**
             * @description Countries the records come from or concern; empty = not stated.
             * @default []
             */
            countries: string[];
            /**
             * Format: date-time
             * @description Earliest record.
             */
            from?: string;
            /** @default [] */
            languages: string[];
            /**
             * @description Who is (and is not) represented, in words: e.g. "contacts by phone and chat, ages 8-18; no in-person contacts".
             * @default
             */
            populations: string;
            /**
             * @description About how many records, when the holder says.
             * @default null
             */
            records: number | null;
            /**
             * @description Latest record; null = still growing.
             * @default null
             */
            to: string | null;
        };
        /** @description What the dataset covers: where, which languages, when, how many, whom. */
        CoverageInput: {
            /**
             * @description Countries the records come from or concern; empty = not stated.
             * @default []
             */
            countries: string[];
            /**
             * Format: date-time
             * @description Earliest record.
             */
            from?: string;
            /** @default [] */
            languages: string[];
            /**
             * @description Who is (and is not) represented, in words: e.g. "contacts by phone and chat, ages 8-18; no in-person contacts".
             * @default
             */
            populations: string;
            /**
             * @description About how many records, when the holder says.
             * @default null
             */
            records: number | null;
            /**
             * @description Latest record; null = still growing.
             * @default null
             */
            to: string | null;
        };
        /**
         * Dataset
         * @description A collection of records held by one organisation, for one purpose, on one legal basis.
         */
        Dataset: {
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            createdAt: string;
            /** @default  */
            description: string;
            /** @description Identifier, computed from ownerOrgId + slug when not given. */
            id: string;
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            name: string;
            ownerOrgId: string;
            /**
             * Purpose
             * @description Purpose the data was collected or is used for.
             * @enum {string}
             */
            purpose: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /** @enum {string} */
            recordType: "report" | "contact" | "hash-set" | "referral" | "mixed";
            /**
             * @description Days records are kept before deletion or anonymisation; null = no dataset-level limit.
             * @default null
             */
            retentionDays: number | null;
            slug: string;
        };
        /** @description A dataset of the caller's organisation. */
        DatasetCreate: {
            /** @default  */
            description: string;
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            name: string;
            /**
             * Purpose
             * @description Purpose the data was collected or is used for.
             * @enum {string}
             */
            purpose: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /** @enum {string} */
            recordType: "report" | "contact" | "hash-set" | "referral" | "mixed";
            /**
             * @description Days records are kept before deletion or anonymisation; null = no dataset-level limit.
             * @default null
             */
            retentionDays: number | null;
            slug: string;
        };
        /** @description A dataset of the caller's organisation. */
        DatasetCreateInput: {
            /** @default  */
            description: string;
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            name: string;
            /**
             * Purpose
             * @description Purpose the data was collected or is used for.
             * @enum {string}
             */
            purpose: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /** @enum {string} */
            recordType: "report" | "contact" | "hash-set" | "referral" | "mixed";
            /**
             * @description Days records are kept before deletion or anonymisation; null = no dataset-level limit.
             * @default null
             */
            retentionDays: number | null;
            slug: string;
        };
        /**
         * Dataset
         * @description A collection of records held by one organisation, for one purpose, on one legal basis.
         */
        DatasetInput: {
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            createdAt: string;
            /** @default  */
            description: string;
            /** @description Identifier, computed from ownerOrgId + slug when not given. */
            id: string;
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            name: string;
            ownerOrgId: string;
            /**
             * Purpose
             * @description Purpose the data was collected or is used for.
             * @enum {string}
             */
            purpose: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /** @enum {string} */
            recordType: "report" | "contact" | "hash-set" | "referral" | "mixed";
            /**
             * @description Days records are kept before deletion or anonymisation; null = no dataset-level limit.
             * @default null
             */
            retentionDays: number | null;
            slug: string;
        };
        ErrorResponse: {
            error: components["schemas"]["Problem"];
        };
        ErrorResponseInput: {
            error: components["schemas"]["ProblemInput"];
        };
        /** @description One flow: a peer, an agreement and a direction (pull: records in; push: our records out; send: feedback out), with counts and times. */
        ExchangeFlow: {
            agreementId: string;
            agreementSlug: string | null;
            /** @enum {string} */
            direction: "pull" | "push" | "send";
            lastError: string | null;
            lastObjectAt: string | null;
            lastOkAt: string | null;
            lastRunAt: string | null;
            objects: number;
            peerId: string;
            peerOrgId: string;
            peerSlug: string;
            rejected: number;
        };
        /** @description One flow: a peer, an agreement and a direction (pull: records in; push: our records out; send: feedback out), with counts and times. */
        ExchangeFlowInput: {
            agreementId: string;
            agreementSlug: string | null;
            /** @enum {string} */
            direction: "pull" | "push" | "send";
            lastError: string | null;
            lastObjectAt: string | null;
            lastOkAt: string | null;
            lastRunAt: string | null;
            objects: number;
            peerId: string;
            peerOrgId: string;
            peerSlug: string;
            rejected: number;
        };
        FeedbackInput: {
            /**
             * @description Hide which organisation sent it from the source.
             * @default false
             */
            anonymous: boolean;
            /** @description A short explanation (no abuse content, no personal data). */
            note?: string;
            /**
             * @description What happened: true-positive, false-positive, disputed, content-removed, child-safeguarded, investigation-opened, referral-completed.
             * @enum {string}
             */
            outcome: "true-positive" | "false-positive" | "disputed" | "content-removed" | "child-safeguarded" | "investigation-opened" | "referral-completed";
            recordId: string;
        };
        FeedbackInputInput: {
            /**
             * @description Hide which organisation sent it from the source.
             * @default false
             */
            anonymous: boolean;
            /** @description A short explanation (no abuse content, no personal data). */
            note?: string;
            /**
             * @description What happened: true-positive, false-positive, disputed, content-removed, child-safeguarded, investigation-opened, referral-completed.
             * @enum {string}
             */
            outcome: "true-positive" | "false-positive" | "disputed" | "content-removed" | "child-safeguarded" | "investigation-opened" | "referral-completed";
            recordId: string;
        };
        HashAssessment: {
            /** @enum {string} */
            consensus: "none" | "single" | "agreeing" | "disputed";
            exactlyAssessed: boolean;
            opinions: components["schemas"]["HashOpinion"][];
            previouslyAssessed: boolean;
            schemes: {
                codes: {
                    code: string;
                    organisations: string[];
                }[];
                scheme: string;
                /** @enum {string} */
                status: "single" | "agreeing" | "disputed";
            }[];
        };
        HashAssessmentInput: {
            /** @enum {string} */
            consensus: "none" | "single" | "agreeing" | "disputed";
            exactlyAssessed: boolean;
            opinions: components["schemas"]["HashOpinionInput"][];
            previouslyAssessed: boolean;
            schemes: {
                codes: {
                    code: string;
                    organisations: string[];
                }[];
                scheme: string;
                /** @enum {string} */
                status: "single" | "agreeing" | "disputed";
            }[];
        };
        HashMatch: {
            addedAt: string;
            distance: number;
            entryId: string;
            feedback: {
                falsePositive: number;
                truePositive: number;
            };
            label: string | null;
            quality: number | null;
            seq: number;
            set: {
                id: string;
                name: string;
                owner: string;
                slug: string;
            };
            signalType: string;
            value: string;
        };
        HashMatchInput: {
            addedAt: string;
            distance: number;
            entryId: string;
            feedback: {
                falsePositive: number;
                truePositive: number;
            };
            label: string | null;
            quality: number | null;
            seq: number;
            set: {
                id: string;
                name: string;
                owner: string;
                slug: string;
            };
            signalType: string;
            value: string;
        };
        HashMatchOutcome: {
            assessment: components["schemas"]["HashAssessment"];
            lowQuality?: boolean;
            matches: components["schemas"]["HashMatch"][];
            /** @constant */
            ok: true;
            query: {
                /** @description PDQ quality of the query, when known; below the floor it is not matched. */
                quality?: number;
                /** @description pdq, md5, sha1, sha256, url_sha256, photodna, tmk_pdqf, vpdq, ... (GET /hashing/signal-types) */
                signalType: string;
                value: string;
            };
        } | {
            error: components["schemas"]["Problem"];
            /** @constant */
            ok: false;
            query: {
                signalType: string;
                value: string;
            };
        };
        HashMatchOutcomeInput: {
            assessment: components["schemas"]["HashAssessmentInput"];
            lowQuality?: boolean;
            matches: components["schemas"]["HashMatchInput"][];
            /** @constant */
            ok: true;
            query: {
                /** @description PDQ quality of the query, when known; below the floor it is not matched. */
                quality?: number;
                /** @description pdq, md5, sha1, sha256, url_sha256, photodna, tmk_pdqf, vpdq, ... (GET /hashing/signal-types) */
                signalType: string;
                value: string;
            };
        } | {
            error: components["schemas"]["ProblemInput"];
            /** @constant */
            ok: false;
            query: {
                signalType: string;
                value: string;
            };
        };
        HashMatchRequest: {
            qualityFloor?: number;
            queries: {
                /** @description PDQ quality of the query, when known; below the floor it is not matched. */
                quality?: number;
                /** @description pdq, md5, sha1, sha256, url_sha256, photodna, tmk_pdqf, vpdq, ... (GET /hashing/signal-types) */
                signalType: string;
                value: string;
            }[];
            radius?: number;
            sets?: string[];
        };
        HashMatchRequestInput: {
            qualityFloor?: number;
            queries: {
                /** @description PDQ quality of the query, when known; below the floor it is not matched. */
                quality?: number;
                /** @description pdq, md5, sha1, sha256, url_sha256, photodna, tmk_pdqf, vpdq, ... (GET /hashing/signal-types) */
                signalType: string;
                value: string;
            }[];
            radius?: number;
            sets?: string[];
        };
        HashOpinion: {
            assessedAt: string;
            assessedBy: string;
            assessor: {
                id: string;
                name: string;
                slug: string;
            };
            code: string;
            confidence: number | null;
            note: string | null;
            scheme: string;
            via: {
                distance: number;
                entryId: string | null;
                signalType: string;
                value: string;
            };
        };
        HashOpinionInput: {
            assessedAt: string;
            assessedBy: string;
            assessor: {
                id: string;
                name: string;
                slug: string;
            };
            code: string;
            confidence: number | null;
            note: string | null;
            scheme: string;
            via: {
                distance: number;
                entryId: string | null;
                signalType: string;
                value: string;
            };
        };
        HashSet: {
            createdAt: string;
            createdBy: string;
            description: string;
            id: string;
            liveEntries?: number;
            name: string;
            owner: {
                id: string;
                name: string;
                slug: string;
            };
            slug: string;
            sources: {
                file?: string;
                importedAt: string;
                importedBy: string;
                lines?: number;
                name: string;
                reference?: string;
                version?: string;
            }[];
            withdrawn: {
                at: string;
                by: string | null;
                reason: string | null;
            } | null;
            withdrawnEntries?: number;
        };
        HashSetImport: {
            classification?: {
                code: string;
                confidence?: number;
                scheme: string;
            };
            description?: string;
            file?: string;
            name?: string;
            set: string;
            signalType?: string;
            source?: {
                name: string;
                reference?: string;
                version?: string;
            };
            /** @description The hash list: one hash per line, optional label after a tab or comma. */
            text: string;
        };
        HashSetImportInput: {
            classification?: {
                code: string;
                confidence?: number;
                scheme: string;
            };
            description?: string;
            file?: string;
            name?: string;
            set: string;
            signalType?: string;
            source?: {
                name: string;
                reference?: string;
                version?: string;
            };
            /** @description The hash list: one hash per line, optional label after a tab or comma. */
            text: string;
        };
        HashSetInput: {
            createdAt: string;
            createdBy: string;
            description: string;
            id: string;
            liveEntries?: number;
            name: string;
            owner: {
                id: string;
                name: string;
                slug: string;
            };
            slug: string;
            sources: {
                file?: string;
                importedAt: string;
                importedBy: string;
                lines?: number;
                name: string;
                reference?: string;
                version?: string;
            }[];
            withdrawn: {
                at: string;
                by: string | null;
                reason: string | null;
            } | null;
            withdrawnEntries?: number;
        };
        /** @description Hashes of a file. Never the file itself. */
        HashValues: {
            md5?: string;
            pdq?: string;
            pdqQuality?: number;
            sha1?: string;
            sha256?: string;
        };
        /** @description Hashes of a file. Never the file itself. */
        HashValuesInput: {
            md5?: string;
            pdq?: string;
            pdqQuality?: number;
            sha1?: string;
            sha256?: string;
        };
        Health: {
            cdmVersion: string;
            node: string;
            startedAt: string;
            /** @constant */
            status: "ok";
            /** @enum {string} */
            store: "pglite" | "postgres";
            version: string;
        };
        HealthInput: {
            cdmVersion: string;
            node: string;
            startedAt: string;
            /** @constant */
            status: "ok";
            /** @enum {string} */
            store: "pglite" | "postgres";
            version: string;
        };
        /** @description One transfer of a record between nodes. */
        Hop: {
            agreementId?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            at: string;
            nodeId?: string;
            orgId: string;
        };
        /** @description One transfer of a record between nodes. */
        HopInput: {
            agreementId?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            at: string;
            nodeId?: string;
            orgId: string;
        };
        /** @description How much data stands behind a figure. */
        IndicatorCoverage: {
            datasetsInScope: number;
            /** @description Datasets in scope with at least one row in this period. */
            datasetsReporting: number;
            /** @description Share (0-1) of those rows where the breakdown field is recorded; null without a breakdown or when it does not apply. */
            knownShare: number | null;
            /** @description Rows in the population of this period (the denominator), null when suppressed. */
            records: number | null;
        };
        /** @description How much data stands behind a figure. */
        IndicatorCoverageInput: {
            datasetsInScope: number;
            /** @description Datasets in scope with at least one row in this period. */
            datasetsReporting: number;
            /** @description Share (0-1) of those rows where the breakdown field is recorded; null without a breakdown or when it does not apply. */
            knownShare: number | null;
            /** @description Rows in the population of this period (the denominator), null when suppressed. */
            records: number | null;
        };
        /** @description An indicator as data: name, description, what it measures over the CDM, unit, filters, time dimensions and disaggregations. */
        IndicatorDefinition: {
            description: string;
            /**
             * @description Time grains the indicator is published in.
             * @default [
             *       "month",
             *       "year"
             *     ]
             */
            dimensions: ("month" | "year")[];
            /**
             * @description Fields the indicator may be broken down by (one at a time).
             * @default []
             */
            disaggregations: string[];
            /**
             * @description Equality filters on fields of the entity, e.g. {"kind":"cybertip"}.
             * @default {}
             */
            filters: {
                [key: string]: string;
            };
            measure: components["schemas"]["IndicatorMeasure"];
            name: string;
            title: string;
            /** @description Unit of every value: reports, children, percent, agreements, … */
            unit: string;
        };
        /** @description An indicator as data: name, description, what it measures over the CDM, unit, filters, time dimensions and disaggregations. */
        IndicatorDefinitionInput: {
            description: string;
            /**
             * @description Time grains the indicator is published in.
             * @default [
             *       "month",
             *       "year"
             *     ]
             */
            dimensions: ("month" | "year")[];
            /**
             * @description Fields the indicator may be broken down by (one at a time).
             * @default []
             */
            disaggregations: string[];
            /**
             * @description Equality filters on fields of the entity, e.g. {"kind":"cybertip"}.
             * @default {}
             */
            filters: {
                [key: string]: string;
            };
            measure: components["schemas"]["IndicatorMeasureInput"];
            name: string;
            title: string;
            /** @description Unit of every value: reports, children, percent, agreements, … */
            unit: string;
        };
        /** @description What an indicator measures. */
        IndicatorMeasure: {
            /** @description What is counted: reports, children, contacts. */
            entity: string;
            /** @constant */
            kind: "count";
        } | {
            entity: string;
            /** @description The field whose presence is measured. */
            field: string;
            /** @constant */
            kind: "completeness";
        } | {
            /** @constant */
            kind: "collaboration";
            /** @enum {string} */
            metric: "agreements-active" | "records-shared" | "matches-found" | "classifications-reused" | "duplicates-folded";
        } | {
            /** @constant */
            kind: "timing";
            /** @enum {string} */
            metric: "report-to-removal" | "report-to-referral" | "report-to-share";
        } | {
            /** @constant */
            kind: "feedback-rate";
        };
        /** @description What an indicator measures. */
        IndicatorMeasureInput: {
            /** @description What is counted: reports, children, contacts. */
            entity: string;
            /** @constant */
            kind: "count";
        } | {
            entity: string;
            /** @description The field whose presence is measured. */
            field: string;
            /** @constant */
            kind: "completeness";
        } | {
            /** @constant */
            kind: "collaboration";
            /** @enum {string} */
            metric: "agreements-active" | "records-shared" | "matches-found" | "classifications-reused" | "duplicates-folded";
        } | {
            /** @constant */
            kind: "timing";
            /** @enum {string} */
            metric: "report-to-removal" | "report-to-referral" | "report-to-share";
        } | {
            /** @constant */
            kind: "feedback-rate";
        };
        /** @description An indicator computed over a period: values with their dimensions, unit, suppression status and coverage. */
        IndicatorResult: {
            by: string | null;
            coverage: {
                datasetsInScope: string[];
                /** @description Agreements left out, and why. */
                excluded: {
                    agreement: string;
                    reason: string;
                }[];
                /** @description How rows were counted: rollup (whole months), rows, or both. */
                method: string;
                notes: string[];
                scope: {
                    agreement: {
                        id: string;
                        slug: string;
                        version: number;
                        versionHash: string;
                    } | null;
                    /** @enum {string} */
                    basis: "own-organisation" | "agreement";
                    consentRequired: boolean;
                    /** @description null: every dataset of the organisation. */
                    datasets: string[] | null;
                    /** @description Rows reported from this instant (the agreement's retention window). */
                    from: string | null;
                    organisation: string;
                }[];
            };
            disclosure: {
                suppressed: {
                    differencing: number;
                    primary: number;
                    secondary: number;
                };
                threshold: number;
            };
            /** @enum {string} */
            grain: "month" | "year" | "total";
            indicator: components["schemas"]["IndicatorDefinition"];
            period: {
                from: string;
                to: string;
            };
            unit: string;
            values: components["schemas"]["IndicatorValue"][];
        };
        /** @description An indicator computed over a period: values with their dimensions, unit, suppression status and coverage. */
        IndicatorResultInput: {
            by: string | null;
            coverage: {
                datasetsInScope: string[];
                /** @description Agreements left out, and why. */
                excluded: {
                    agreement: string;
                    reason: string;
                }[];
                /** @description How rows were counted: rollup (whole months), rows, or both. */
                method: string;
                notes: string[];
                scope: {
                    agreement: {
                        id: string;
                        slug: string;
                        version: number;
                        versionHash: string;
                    } | null;
                    /** @enum {string} */
                    basis: "own-organisation" | "agreement";
                    consentRequired: boolean;
                    /** @description null: every dataset of the organisation. */
                    datasets: string[] | null;
                    /** @description Rows reported from this instant (the agreement's retention window). */
                    from: string | null;
                    organisation: string;
                }[];
            };
            disclosure: {
                suppressed: {
                    differencing: number;
                    primary: number;
                    secondary: number;
                };
                threshold: number;
            };
            /** @enum {string} */
            grain: "month" | "year" | "total";
            indicator: components["schemas"]["IndicatorDefinitionInput"];
            period: {
                from: string;
                to: string;
            };
            unit: string;
            values: components["schemas"]["IndicatorValueInput"][];
        };
        /** @description A monthly series with the same month a year before, year-on-year change and a baseline. */
        IndicatorTrend: {
            baseline: {
                from: string;
                to: string;
                /** @description Mean monthly value over the baseline period (null when any month in it is suppressed). */
                value: number | null;
            };
            by: string | null;
            coverage: {
                datasetsInScope: string[];
                /** @description Agreements left out, and why. */
                excluded: {
                    agreement: string;
                    reason: string;
                }[];
                /** @description How rows were counted: rollup (whole months), rows, or both. */
                method: string;
                notes: string[];
                scope: {
                    agreement: {
                        id: string;
                        slug: string;
                        version: number;
                        versionHash: string;
                    } | null;
                    /** @enum {string} */
                    basis: "own-organisation" | "agreement";
                    consentRequired: boolean;
                    /** @description null: every dataset of the organisation. */
                    datasets: string[] | null;
                    /** @description Rows reported from this instant (the agreement's retention window). */
                    from: string | null;
                    organisation: string;
                }[];
            };
            dimensions: {
                [key: string]: string;
            };
            disclosure: {
                suppressed: {
                    differencing: number;
                    primary: number;
                    secondary: number;
                };
                threshold: number;
            };
            indicator: string;
            period: {
                from: string;
                to: string;
            };
            series: components["schemas"]["IndicatorTrendPoint"][];
            unit: string;
        };
        /** @description A monthly series with the same month a year before, year-on-year change and a baseline. */
        IndicatorTrendInput: {
            baseline: {
                from: string;
                to: string;
                /** @description Mean monthly value over the baseline period (null when any month in it is suppressed). */
                value: number | null;
            };
            by: string | null;
            coverage: {
                datasetsInScope: string[];
                /** @description Agreements left out, and why. */
                excluded: {
                    agreement: string;
                    reason: string;
                }[];
                /** @description How rows were counted: rollup (whole months), rows, or both. */
                method: string;
                notes: string[];
                scope: {
                    agreement: {
                        id: string;
                        slug: string;
                        version: number;
                        versionHash: string;
                    } | null;
                    /** @enum {string} */
                    basis: "own-organisation" | "agreement";
                    consentRequired: boolean;
                    /** @description null: every dataset of the organisation. */
                    datasets: string[] | null;
                    /** @description Rows reported from this instant (the agreement's retention window). */
                    from: string | null;
                    organisation: string;
                }[];
            };
            dimensions: {
                [key: string]: string;
            };
            disclosure: {
                suppressed: {
                    differencing: number;
                    primary: number;
                    secondary: number;
                };
                threshold: number;
            };
            indicator: string;
            period: {
                from: string;
                to: string;
            };
            series: components["schemas"]["IndicatorTrendPointInput"][];
            unit: string;
        };
        IndicatorTrendPoint: {
            /** @description Change against the baseline, in percent. */
            againstBaseline: number | null;
            coverage: components["schemas"]["IndicatorCoverage"];
            period: string;
            /** @description The same month a year before. */
            previousYear: number | null;
            value: number | null;
            /** @description Change against the same month a year before, in percent (null when either is suppressed or zero). */
            yearOnYear: number | null;
        };
        IndicatorTrendPointInput: {
            /** @description Change against the baseline, in percent. */
            againstBaseline: number | null;
            coverage: components["schemas"]["IndicatorCoverageInput"];
            period: string;
            /** @description The same month a year before. */
            previousYear: number | null;
            value: number | null;
            /** @description Change against the same month a year before, in percent (null when either is suppressed or zero). */
            yearOnYear: number | null;
        };
        IndicatorValue: {
            coverage: components["schemas"]["IndicatorCoverage"];
            denominator?: number | null;
            /** @description The breakdown value, e.g. {"country":"BR"}; "*" is the total over the breakdown. */
            dimensions: {
                [key: string]: string;
            };
            numerator?: number | null;
            /** @description YYYY-MM, YYYY, or an ISO interval for the whole period. */
            period: string;
            /**
             * @description shown, or why it is suppressed (primary: small; secondary: protects a small one).
             * @enum {string}
             */
            status: "shown" | "primary" | "secondary" | "differencing";
            /** @description The figure in the unit; null when suppressed. */
            value: number | null;
        };
        IndicatorValueInput: {
            coverage: components["schemas"]["IndicatorCoverageInput"];
            denominator?: number | null;
            /** @description The breakdown value, e.g. {"country":"BR"}; "*" is the total over the breakdown. */
            dimensions: {
                [key: string]: string;
            };
            numerator?: number | null;
            /** @description YYYY-MM, YYYY, or an ISO interval for the whole period. */
            period: string;
            /**
             * @description shown, or why it is suppressed (primary: small; secondary: protects a small one).
             * @enum {string}
             */
            status: "shown" | "primary" | "secondary" | "differencing";
            /** @description The figure in the unit; null when suppressed. */
            value: number | null;
        };
        IngestSummary: {
            accepted: number;
            byReason: {
                [key: string]: number;
            };
            datasetId: string | null;
            duplicates: number;
            files: string[];
            flagged: number;
            flags: {
                [key: string]: number;
            };
            format: string;
            quarantined: number;
            records: number;
            recordsPerSecond: number;
            resumed: number;
            runId: string;
            runs: string[];
            seconds: number;
            warnings: string[];
        };
        IngestSummaryInput: {
            accepted: number;
            byReason: {
                [key: string]: number;
            };
            datasetId: string | null;
            duplicates: number;
            files: string[];
            flagged: number;
            flags: {
                [key: string]: number;
            };
            format: string;
            quarantined: number;
            records: number;
            recordsPerSecond: number;
            resumed: number;
            runId: string;
            runs: string[];
            seconds: number;
            warnings: string[];
        };
        /**
         * Lineage
         * @description Where a record came from, on what terms, and the path it travelled.
         */
        Lineage: {
            /** @description Adapter (and its version) that mapped the input into the CDM. */
            adapter: {
                name: string;
                version: string;
            };
            /**
             * Collection purpose
             * @description Purpose the data was originally collected for.
             * @enum {string}
             */
            collectionPurpose: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /**
             * @description Transfers between nodes, oldest first.
             * @default []
             */
            hops: components["schemas"]["Hop"][];
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            /** @description SHA-256 of the raw input the record was built from. */
            rawDigest: string;
            /**
             * Received at
             * Format: date-time
             * @description When this node received the data.
             */
            receivedAt: string;
            /**
             * Source organisation
             * @description Organisation that first held the data.
             */
            sourceOrgId: string;
            /**
             * Source system
             * @description System the data was exported from (e.g. "CyberTipline", "helpline CRM").
             */
            sourceSystem: string;
        };
        /**
         * Lineage
         * @description Where a record came from, on what terms, and the path it travelled.
         */
        LineageInput: {
            /** @description Adapter (and its version) that mapped the input into the CDM. */
            adapter: {
                name: string;
                version: string;
            };
            /**
             * Collection purpose
             * @description Purpose the data was originally collected for.
             * @enum {string}
             */
            collectionPurpose: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /**
             * @description Transfers between nodes, oldest first.
             * @default []
             */
            hops: components["schemas"]["HopInput"][];
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            /** @description SHA-256 of the raw input the record was built from. */
            rawDigest: string;
            /**
             * Received at
             * Format: date-time
             * @description When this node received the data.
             */
            receivedAt: string;
            /**
             * Source organisation
             * @description Organisation that first held the data.
             */
            sourceOrgId: string;
            /**
             * Source system
             * @description System the data was exported from (e.g. "CyberTipline", "helpline CRM").
             */
            sourceSystem: string;
        };
        LinkRunRequest: {
            /** @description Link the provider's reports shared under this agreement with your own; absent = your own reports only. */
            agreement?: string;
            /** @description Evidence that joins reports into one case (default: account, email, phone, ip, url). */
            caseEvidence?: ("content" | "pdq" | "account" | "email" | "phone" | "ip" | "url")[];
            /**
             * @description Largest time between two reports linked by an IP address.
             * @default 7
             */
            ipWindowDays: number;
            /** @default 100 */
            maxKeyReports: number;
            /** @default 31 */
            pdqRadius: number;
            /**
             * Purpose
             * @description Purpose the data was collected or is used for.
             * @enum {string}
             */
            purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /** @description Largest time between two reports linked by any other identifier or content (default: no limit). */
            windowDays?: number;
        };
        LinkRunRequestInput: {
            /** @description Link the provider's reports shared under this agreement with your own; absent = your own reports only. */
            agreement?: string;
            /** @description Evidence that joins reports into one case (default: account, email, phone, ip, url). */
            caseEvidence?: ("content" | "pdq" | "account" | "email" | "phone" | "ip" | "url")[];
            /**
             * @description Largest time between two reports linked by an IP address.
             * @default 7
             */
            ipWindowDays: number;
            /** @default 100 */
            maxKeyReports: number;
            /** @default 31 */
            pdqRadius: number;
            /**
             * Purpose
             * @description Purpose the data was collected or is used for.
             * @enum {string}
             */
            purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /** @description Largest time between two reports linked by any other identifier or content (default: no limit). */
            windowDays?: number;
        };
        /** @description Hashes of uploaded bytes. The bytes were hashed in memory and dropped; nothing was stored. */
        MediaHashes: {
            bytes: number;
            height?: number;
            md5: string;
            pdq?: string;
            pdqError?: components["schemas"]["Problem"];
            quality?: number;
            sha1: string;
            sha256: string;
            width?: number;
        };
        /** @description Hashes of uploaded bytes. The bytes were hashed in memory and dropped; nothing was stored. */
        MediaHashesInput: {
            bytes: number;
            height?: number;
            md5: string;
            pdq?: string;
            pdqError?: components["schemas"]["ProblemInput"];
            quality?: number;
            sha1: string;
            sha256: string;
            width?: number;
        };
        /**
         * Agreement
         * @description A data-sharing agreement between organisations (after ODRL, with DPV purposes and legal bases); its full terms (fields, retention, duties, requirements) are the AgreementTerms of the policy module.
         */
        NewAgreement: {
            /** @description What recipients may do (ODRL actions read, reproduce, aggregate). */
            actions?: ("read" | "export" | "aggregate")[];
            datasetIds: string[];
            /** @description Identifier, computed from providerOrgId + slug when not given. */
            id?: string;
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            providerOrgId: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            recipientOrgIds: string[];
            /** @description Recipients see records for this many days after they were reported. */
            retentionDays?: number;
            slug: string;
            /**
             * @default draft
             * @enum {string}
             */
            state: "draft" | "active" | "expired" | "revoked" | "not-yet-valid";
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validFrom?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validUntil?: string;
            /** @default 1 */
            version: number;
            /** @description SHA-256 of the version's canonical terms: what each party accepted and what every access decision cites. */
            versionHash?: string;
        };
        /**
         * Agreement
         * @description A data-sharing agreement between organisations (after ODRL, with DPV purposes and legal bases); its full terms (fields, retention, duties, requirements) are the AgreementTerms of the policy module.
         */
        NewAgreementInput: {
            /** @description What recipients may do (ODRL actions read, reproduce, aggregate). */
            actions?: ("read" | "export" | "aggregate")[];
            datasetIds: string[];
            /** @description Identifier, computed from providerOrgId + slug when not given. */
            id?: string;
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            providerOrgId: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            recipientOrgIds: string[];
            /** @description Recipients see records for this many days after they were reported. */
            retentionDays?: number;
            slug: string;
            /**
             * @default draft
             * @enum {string}
             */
            state: "draft" | "active" | "expired" | "revoked" | "not-yet-valid";
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validFrom?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            validUntil?: string;
            /** @default 1 */
            version: number;
            /** @description SHA-256 of the version's canonical terms: what each party accepted and what every access decision cites. */
            versionHash?: string;
        };
        /**
         * Child
         * @description A child victim or a child at risk; pseudonymous, with age as a range and its basis.
         */
        NewChild: {
            age: components["schemas"]["AgeRange"];
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            /**
             * Gender
             * @description Gender as recorded by the source; "unknown" when not recorded.
             * @default unknown
             * @enum {string}
             */
            gender: "female" | "male" | "non-binary" | "other" | "unknown";
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id?: string;
            /**
             * @description Whether the child has been identified by law enforcement or a safeguarding body.
             * @default false
             */
            identified: boolean;
            reportId: string;
            /** @description Identifier of the child within the report (e.g. an ordinal). */
            sourceRef: string;
        };
        /**
         * Child
         * @description A child victim or a child at risk; pseudonymous, with age as a range and its basis.
         */
        NewChildInput: {
            age: components["schemas"]["AgeRangeInput"];
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            /**
             * Gender
             * @description Gender as recorded by the source; "unknown" when not recorded.
             * @default unknown
             * @enum {string}
             */
            gender: "female" | "male" | "non-binary" | "other" | "unknown";
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id?: string;
            /**
             * @description Whether the child has been identified by law enforcement or a safeguarding body.
             * @default false
             */
            identified: boolean;
            reportId: string;
            /** @description Identifier of the child within the report (e.g. an ordinal). */
            sourceRef: string;
        };
        /**
         * Classification
         * @description One assessment of a report, file or contact in a named scheme, by one organisation.
         */
        NewClassification: {
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            assessedAt: string;
            assessorOrgId: string;
            code: string;
            /** @description Identifier, computed from targetId + scheme + code + assessorOrgId when not given. */
            id?: string;
            /**
             * Country
             * @description Jurisdiction the legal status is relative to; required for "nationally-illegal".
             */
            jurisdiction?: string;
            /**
             * @default unknown
             * @enum {string}
             */
            legalStatus: "illegal" | "nationally-illegal" | "not-illegal" | "harmful-not-illegal" | "unknown";
            scheme: string;
            targetId: string;
        };
        /**
         * Classification
         * @description One assessment of a report, file or contact in a named scheme, by one organisation.
         */
        NewClassificationInput: {
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            assessedAt: string;
            assessorOrgId: string;
            code: string;
            /** @description Identifier, computed from targetId + scheme + code + assessorOrgId when not given. */
            id?: string;
            /**
             * Country
             * @description Jurisdiction the legal status is relative to; required for "nationally-illegal".
             */
            jurisdiction?: string;
            /**
             * @default unknown
             * @enum {string}
             */
            legalStatus: "illegal" | "nationally-illegal" | "not-illegal" | "harmful-not-illegal" | "unknown";
            scheme: string;
            targetId: string;
        };
        /**
         * Consent
         * @description A consent event after ISO/IEC TS 27560: given, withdrawn or expired; or a safeguarding override (sharing without consent because a child is at risk), which needs a reason.
         */
        NewConsent: {
            agreementId?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            at: string;
            /** @enum {string} */
            event: "given" | "withdrawn" | "expired" | "safeguarding-override";
            /**
             * Format: date-time
             * @description When a given consent lapses.
             */
            expiresAt?: string;
            /**
             * @description Who gave or withdrew consent; "safeguarding" for an override.
             * @enum {string}
             */
            givenBy: "child" | "caregiver" | "safeguarding";
            /** @description Identifier, computed from subjectRef + givenBy + event + at when not given. */
            id?: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            /** @description Mandatory for a safeguarding override; always audited. */
            reason?: string;
            /** @description The child or contact the consent is about. */
            subjectRef: string;
        };
        /**
         * Consent
         * @description A consent event after ISO/IEC TS 27560: given, withdrawn or expired; or a safeguarding override (sharing without consent because a child is at risk), which needs a reason.
         */
        NewConsentInput: {
            agreementId?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            at: string;
            /** @enum {string} */
            event: "given" | "withdrawn" | "expired" | "safeguarding-override";
            /**
             * Format: date-time
             * @description When a given consent lapses.
             */
            expiresAt?: string;
            /**
             * @description Who gave or withdrew consent; "safeguarding" for an override.
             * @enum {string}
             */
            givenBy: "child" | "caregiver" | "safeguarding";
            /** @description Identifier, computed from subjectRef + givenBy + event + at when not given. */
            id?: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            /** @description Mandatory for a safeguarding override; always audited. */
            reason?: string;
            /** @description The child or contact the consent is about. */
            subjectRef: string;
        };
        /**
         * Helpline contact
         * @description A contact with a child helpline.
         */
        NewContact: {
            age?: components["schemas"]["AgeRange"];
            /**
             * Categories
             * @description Contact categories in the source scheme, verbatim.
             * @default []
             */
            categories: components["schemas"]["SchemeCode"][];
            /**
             * Channel
             * @description How the child or caller reached the helpline.
             * @enum {string}
             */
            channel: "phone" | "chat" | "email" | "sms" | "web-form" | "social-media" | "in-person" | "other";
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            contactAt: string;
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            datasetId: string;
            durationMinutes?: number;
            /**
             * Gender
             * @description Gender as recorded by the source; "unknown" when not recorded.
             * @default unknown
             * @enum {string}
             */
            gender: "female" | "male" | "non-binary" | "other" | "unknown";
            /** @description Identifier, computed from sourceOrgId + sourceRef when not given. */
            id?: string;
            /**
             * Language
             * @description BCP 47 language tag.
             */
            language?: string;
            lineage: components["schemas"]["Lineage"];
            /** @description Sub-national region as the helpline records it. */
            region?: string;
            sourceOrgId: string;
            sourceRef: string;
        };
        /**
         * Helpline contact
         * @description A contact with a child helpline.
         */
        NewContactInput: {
            age?: components["schemas"]["AgeRangeInput"];
            /**
             * Categories
             * @description Contact categories in the source scheme, verbatim.
             * @default []
             */
            categories: components["schemas"]["SchemeCodeInput"][];
            /**
             * Channel
             * @description How the child or caller reached the helpline.
             * @enum {string}
             */
            channel: "phone" | "chat" | "email" | "sms" | "web-form" | "social-media" | "in-person" | "other";
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            contactAt: string;
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            datasetId: string;
            durationMinutes?: number;
            /**
             * Gender
             * @description Gender as recorded by the source; "unknown" when not recorded.
             * @default unknown
             * @enum {string}
             */
            gender: "female" | "male" | "non-binary" | "other" | "unknown";
            /** @description Identifier, computed from sourceOrgId + sourceRef when not given. */
            id?: string;
            /**
             * Language
             * @description BCP 47 language tag.
             */
            language?: string;
            lineage: components["schemas"]["LineageInput"];
            /** @description Sub-national region as the helpline records it. */
            region?: string;
            sourceOrgId: string;
            sourceRef: string;
        };
        /**
         * Content item
         * @description Metadata and hashes of one file in a report; never its bytes.
         */
        NewContentItem: {
            hashes: components["schemas"]["HashValues"];
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id?: string;
            lineage: components["schemas"]["Lineage"];
            /** @enum {string} */
            mediaType: "image" | "video" | "audio" | "text" | "archive" | "other";
            reportId: string;
            sizeBytes?: number;
            /** @description The source's own identifier for the file within the report (e.g. NCMEC fileId). */
            sourceRef: string;
        };
        /**
         * Content item
         * @description Metadata and hashes of one file in a report; never its bytes.
         */
        NewContentItemInput: {
            hashes: components["schemas"]["HashValuesInput"];
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id?: string;
            lineage: components["schemas"]["LineageInput"];
            /** @enum {string} */
            mediaType: "image" | "video" | "audio" | "text" | "archive" | "other";
            reportId: string;
            sizeBytes?: number;
            /** @description The source's own identifier for the file within the report (e.g. NCMEC fileId). */
            sourceRef: string;
        };
        /**
         * Dataset
         * @description A collection of records held by one organisation, for one purpose, on one legal basis.
         */
        NewDataset: {
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            createdAt: string;
            /** @default  */
            description: string;
            /** @description Identifier, computed from ownerOrgId + slug when not given. */
            id?: string;
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            name: string;
            ownerOrgId: string;
            /**
             * Purpose
             * @description Purpose the data was collected or is used for.
             * @enum {string}
             */
            purpose: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /** @enum {string} */
            recordType: "report" | "contact" | "hash-set" | "referral" | "mixed";
            /**
             * @description Days records are kept before deletion or anonymisation; null = no dataset-level limit.
             * @default null
             */
            retentionDays: number | null;
            slug: string;
        };
        /**
         * Dataset
         * @description A collection of records held by one organisation, for one purpose, on one legal basis.
         */
        NewDatasetInput: {
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            createdAt: string;
            /** @default  */
            description: string;
            /** @description Identifier, computed from ownerOrgId + slug when not given. */
            id?: string;
            /**
             * Legal basis
             * @description Legal basis for processing.
             * @enum {string}
             */
            legalBasis: "consent" | "contract" | "legal-obligation" | "statutory-reporting" | "vital-interest" | "public-task" | "legitimate-interest";
            name: string;
            ownerOrgId: string;
            /**
             * Purpose
             * @description Purpose the data was collected or is used for.
             * @enum {string}
             */
            purpose: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /** @enum {string} */
            recordType: "report" | "contact" | "hash-set" | "referral" | "mixed";
            /**
             * @description Days records are kept before deletion or anonymisation; null = no dataset-level limit.
             * @default null
             */
            retentionDays: number | null;
            slug: string;
        };
        /**
         * Organisation
         * @description An organisation taking part: hotline, helpline, platform, law enforcement, NGO, research or government body.
         */
        NewOrganisation: {
            /** @description Identifier, computed from slug when not given. */
            id?: string;
            /**
             * Jurisdiction
             * @description Country whose law the organisation operates under.
             */
            jurisdiction: string;
            /**
             * Kind
             * @description What kind of organisation this is.
             * @enum {string}
             */
            kind: "hotline" | "helpline" | "platform" | "law-enforcement" | "ngo" | "research" | "government";
            /** @default [] */
            languages: string[];
            /**
             * Name
             * @description Display name.
             */
            name: string;
            /**
             * Format: uri
             * @description Base URL of the organisation's own Tessera node, when it runs one.
             */
            nodeUrl?: string;
            /** @description Short unique name; the identity the id is computed from. */
            slug: string;
        };
        /**
         * Organisation
         * @description An organisation taking part: hotline, helpline, platform, law enforcement, NGO, research or government body.
         */
        NewOrganisationInput: {
            /** @description Identifier, computed from slug when not given. */
            id?: string;
            /**
             * Jurisdiction
             * @description Country whose law the organisation operates under.
             */
            jurisdiction: string;
            /**
             * Kind
             * @description What kind of organisation this is.
             * @enum {string}
             */
            kind: "hotline" | "helpline" | "platform" | "law-enforcement" | "ngo" | "research" | "government";
            /** @default [] */
            languages: string[];
            /**
             * Name
             * @description Display name.
             */
            name: string;
            /**
             * Format: uri
             * @description Base URL of the organisation's own Tessera node, when it runs one.
             */
            nodeUrl?: string;
            /** @description Short unique name; the identity the id is computed from. */
            slug: string;
        };
        /**
         * Outcome
         * @description What became of the data: an outcome travelling back to its source.
         */
        NewOutcome: {
            /**
             * @description When true the source sees the outcome but not who reported it.
             * @default false
             */
            anonymous: boolean;
            /** @description Identifier, computed from targetId + type + reportedByOrgId + occurredAt when not given. */
            id?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            occurredAt: string;
            reportedByOrgId: string;
            targetId: string;
            /**
             * Outcome
             * @description What happened as a result; positive outcomes are first-class.
             * @enum {string}
             */
            type: "child-safeguarded" | "content-removed" | "account-actioned" | "investigation-opened" | "arrest" | "conviction" | "service-provided" | "referral-completed" | "no-action" | "true-positive" | "false-positive" | "disputed";
        };
        /**
         * Outcome
         * @description What became of the data: an outcome travelling back to its source.
         */
        NewOutcomeInput: {
            /**
             * @description When true the source sees the outcome but not who reported it.
             * @default false
             */
            anonymous: boolean;
            /** @description Identifier, computed from targetId + type + reportedByOrgId + occurredAt when not given. */
            id?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            occurredAt: string;
            reportedByOrgId: string;
            targetId: string;
            /**
             * Outcome
             * @description What happened as a result; positive outcomes are first-class.
             * @enum {string}
             */
            type: "child-safeguarded" | "content-removed" | "account-actioned" | "investigation-opened" | "arrest" | "conviction" | "service-provided" | "referral-completed" | "no-action" | "true-positive" | "false-positive" | "disputed";
        };
        /**
         * Referral
         * @description A referral of a child to a service.
         */
        NewReferral: {
            consentId?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            createdAt: string;
            fromOrgId: string;
            /** @description Identifier, computed from fromOrgId + originId + createdAt when not given. */
            id?: string;
            /** @description The report or contact the referral came from. */
            originId: string;
            /** @description Mandatory reason when a referral is made without consent under a safeguarding override. */
            safeguardingOverrideReason?: string;
            /** @description Service in the directory the child is referred to. */
            serviceRef?: string;
            /**
             * @default created
             * @enum {string}
             */
            status: "created" | "sent" | "accepted" | "declined" | "completed" | "closed";
            toOrgId?: string;
        };
        /**
         * Referral
         * @description A referral of a child to a service.
         */
        NewReferralInput: {
            consentId?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            createdAt: string;
            fromOrgId: string;
            /** @description Identifier, computed from fromOrgId + originId + createdAt when not given. */
            id?: string;
            /** @description The report or contact the referral came from. */
            originId: string;
            /** @description Mandatory reason when a referral is made without consent under a safeguarding override. */
            safeguardingOverrideReason?: string;
            /** @description Service in the directory the child is referred to. */
            serviceRef?: string;
            /**
             * @default created
             * @enum {string}
             */
            status: "created" | "sent" | "accepted" | "declined" | "completed" | "closed";
            toOrgId?: string;
        };
        /**
         * Report
         * @description An incident report from any source: a CyberTipline report, a hotline report, a platform report, a law-enforcement referral.
         */
        NewReport: {
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            datasetId: string;
            /**
             * @description Incident flags such as "sextortion", "minor-to-minor", "urgent". Absence is not a "no".
             * @default []
             */
            flags: string[];
            /** @description Identifier, computed from sourceOrgId + sourceRef when not given. */
            id?: string;
            /**
             * Incident date
             * Format: date-time
             * @description When the incident happened, if known.
             */
            incidentAt?: string;
            /**
             * Incident types
             * @description Incident types in the source scheme, verbatim.
             * @default []
             */
            incidentTypes: components["schemas"]["SchemeCode"][];
            /**
             * Report kind
             * @description Kind of report.
             * @enum {string}
             */
            kind: "cybertip" | "hotline-report" | "platform-report" | "law-enforcement-referral" | "public-report";
            /**
             * Language
             * @description BCP 47 language tag.
             */
            language?: string;
            lineage: components["schemas"]["Lineage"];
            /**
             * Reported at
             * Format: date-time
             * @description When the reporter made the report.
             */
            reportedAt: string;
            sourceOrgId: string;
            /**
             * Source reference
             * @description The source's own identifier for the report; with the source organisation it identifies the report.
             */
            sourceRef: string;
            /**
             * @default received
             * @enum {string}
             */
            status: "received" | "assessed" | "actioned" | "closed";
        };
        /**
         * Report
         * @description An incident report from any source: a CyberTipline report, a hotline report, a platform report, a law-enforcement referral.
         */
        NewReportInput: {
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            datasetId: string;
            /**
             * @description Incident flags such as "sextortion", "minor-to-minor", "urgent". Absence is not a "no".
             * @default []
             */
            flags: string[];
            /** @description Identifier, computed from sourceOrgId + sourceRef when not given. */
            id?: string;
            /**
             * Incident date
             * Format: date-time
             * @description When the incident happened, if known.
             */
            incidentAt?: string;
            /**
             * Incident types
             * @description Incident types in the source scheme, verbatim.
             * @default []
             */
            incidentTypes: components["schemas"]["SchemeCodeInput"][];
            /**
             * Report kind
             * @description Kind of report.
             * @enum {string}
             */
            kind: "cybertip" | "hotline-report" | "platform-report" | "law-enforcement-referral" | "public-report";
            /**
             * Language
             * @description BCP 47 language tag.
             */
            language?: string;
            lineage: components["schemas"]["LineageInput"];
            /**
             * Reported at
             * Format: date-time
             * @description When the reporter made the report.
             */
            reportedAt: string;
            sourceOrgId: string;
            /**
             * Source reference
             * @description The source's own identifier for the report; with the source organisation it identifies the report.
             */
            sourceRef: string;
            /**
             * @default received
             * @enum {string}
             */
            status: "received" | "assessed" | "actioned" | "closed";
        };
        /**
         * Signal
         * @description A hash, URL, account identifier, IP address or keyword seen in a report.
         */
        NewSignal: {
            /** @description Identifier, computed from reportId + type + value when not given. */
            id?: string;
            /** @default false */
            pseudonymised: boolean;
            reportId: string;
            /**
             * Signal type
             * @description Kind of signal.
             * @enum {string}
             */
            type: "md5" | "sha1" | "sha256" | "pdq" | "photodna" | "tmk-pdqf" | "video-md5" | "url" | "domain" | "account" | "email" | "phone" | "ip" | "keyword";
            /** @description Normalised value; personal identifiers (account, email, phone, IP) are pseudonymised before they are stored. */
            value: string;
        };
        /**
         * Signal
         * @description A hash, URL, account identifier, IP address or keyword seen in a report.
         */
        NewSignalInput: {
            /** @description Identifier, computed from reportId + type + value when not given. */
            id?: string;
            /** @default false */
            pseudonymised: boolean;
            reportId: string;
            /**
             * Signal type
             * @description Kind of signal.
             * @enum {string}
             */
            type: "md5" | "sha1" | "sha256" | "pdq" | "photodna" | "tmk-pdqf" | "video-md5" | "url" | "domain" | "account" | "email" | "phone" | "ip" | "keyword";
            /** @description Normalised value; personal identifiers (account, email, phone, IP) are pseudonymised before they are stored. */
            value: string;
        };
        /**
         * Subject
         * @description A reported person or account, known only by pseudonymous identifiers.
         */
        NewSubject: {
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id?: string;
            /** @default [] */
            identifiers: {
                platform?: string;
                /** @enum {string} */
                type: "account" | "email" | "phone" | "ip" | "device" | "other";
                /** @description Keyed hash (pseudonym) of the normalised identifier; never the clear value. */
                value: string;
            }[];
            /** @enum {string} */
            kind: "person" | "account";
            reportId: string;
            /**
             * @default reported
             * @enum {string}
             */
            role: "reported" | "reporter" | "associated";
            sourceRef: string;
        };
        /**
         * Subject
         * @description A reported person or account, known only by pseudonymous identifiers.
         */
        NewSubjectInput: {
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id?: string;
            /** @default [] */
            identifiers: {
                platform?: string;
                /** @enum {string} */
                type: "account" | "email" | "phone" | "ip" | "device" | "other";
                /** @description Keyed hash (pseudonym) of the normalised identifier; never the clear value. */
                value: string;
            }[];
            /** @enum {string} */
            kind: "person" | "account";
            reportId: string;
            /**
             * @default reported
             * @enum {string}
             */
            role: "reported" | "reporter" | "associated";
            sourceRef: string;
        };
        /**
         * Organisation
         * @description An organisation taking part: hotline, helpline, platform, law enforcement, NGO, research or government body.
         */
        Organisation: {
            /** @description Identifier, computed from slug when not given. */
            id: string;
            /**
             * Jurisdiction
             * @description Country whose law the organisation operates under.
             */
            jurisdiction: string;
            /**
             * Kind
             * @description What kind of organisation this is.
             * @enum {string}
             */
            kind: "hotline" | "helpline" | "platform" | "law-enforcement" | "ngo" | "research" | "government";
            /** @default [] */
            languages: string[];
            /**
             * Name
             * @description Display name.
             */
            name: string;
            /**
             * Format: uri
             * @description Base URL of the organisation's own Tessera node, when it runs one.
             */
            nodeUrl?: string;
            /** @description Short unique name; the identity the id is computed from. */
            slug: string;
        };
        /**
         * Organisation
         * @description An organisation taking part: hotline, helpline, platform, law enforcement, NGO, research or government body.
         */
        OrganisationInput: {
            /** @description Identifier, computed from slug when not given. */
            id: string;
            /**
             * Jurisdiction
             * @description Country whose law the organisation operates under.
             */
            jurisdiction: string;
            /**
             * Kind
             * @description What kind of organisation this is.
             * @enum {string}
             */
            kind: "hotline" | "helpline" | "platform" | "law-enforcement" | "ngo" | "research" | "government";
            /** @default [] */
            languages: string[];
            /**
             * Name
             * @description Display name.
             */
            name: string;
            /**
             * Format: uri
             * @description Base URL of the organisation's own Tessera node, when it runs one.
             */
            nodeUrl?: string;
            /** @description Short unique name; the identity the id is computed from. */
            slug: string;
        };
        /**
         * Outcome
         * @description What became of the data: an outcome travelling back to its source.
         */
        Outcome: {
            /**
             * @description When true the source sees the outcome but not who reported it.
             * @default false
             */
            anonymous: boolean;
            /** @description Identifier, computed from targetId + type + reportedByOrgId + occurredAt when not given. */
            id: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            occurredAt: string;
            reportedByOrgId: string;
            targetId: string;
            /**
             * Outcome
             * @description What happened as a result; positive outcomes are first-class.
             * @enum {string}
             */
            type: "child-safeguarded" | "content-removed" | "account-actioned" | "investigation-opened" | "arrest" | "conviction" | "service-provided" | "referral-completed" | "no-action" | "true-positive" | "false-positive" | "disputed";
        };
        /**
         * Outcome
         * @description What became of the data: an outcome travelling back to its source.
         */
        OutcomeInput: {
            /**
             * @description When true the source sees the outcome but not who reported it.
             * @default false
             */
            anonymous: boolean;
            /** @description Identifier, computed from targetId + type + reportedByOrgId + occurredAt when not given. */
            id: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            occurredAt: string;
            reportedByOrgId: string;
            targetId: string;
            /**
             * Outcome
             * @description What happened as a result; positive outcomes are first-class.
             * @enum {string}
             */
            type: "child-safeguarded" | "content-removed" | "account-actioned" | "investigation-opened" | "arrest" | "conviction" | "service-provided" | "referral-completed" | "no-action" | "true-positive" | "false-positive" | "disputed";
        };
        /** @description An outcome to feed back to the source of a record you can see. */
        OutcomeRecord: {
            /** @description For a report shared with you: the agreement (id or slug) you read it under. */
            agreement?: string;
            /**
             * @description The source sees the outcome but not who reported it.
             * @default false
             */
            anonymous: boolean;
            /** @description A short note for the source. Never abuse content, never names. */
            note?: string;
            /**
             * Format: date-time
             * @description When it happened; not in the future, not before the record it is about.
             */
            occurredAt: string;
            /**
             * Purpose
             * @description The purpose you act for under that agreement.
             * @enum {string}
             */
            purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /** @description The record the outcome is about. */
            targetId: string;
            /**
             * @description What happened. Positive: child-safeguarded, content-removed, account-actioned, investigation-opened, arrest, conviction, service-provided, referral-completed, true-positive.
             * @enum {string}
             */
            type: "child-safeguarded" | "content-removed" | "account-actioned" | "investigation-opened" | "arrest" | "conviction" | "service-provided" | "referral-completed" | "no-action" | "true-positive" | "false-positive" | "disputed";
        };
        /** @description An outcome to feed back to the source of a record you can see. */
        OutcomeRecordInput: {
            /** @description For a report shared with you: the agreement (id or slug) you read it under. */
            agreement?: string;
            /**
             * @description The source sees the outcome but not who reported it.
             * @default false
             */
            anonymous: boolean;
            /** @description A short note for the source. Never abuse content, never names. */
            note?: string;
            /**
             * Format: date-time
             * @description When it happened; not in the future, not before the record it is about.
             */
            occurredAt: string;
            /**
             * Purpose
             * @description The purpose you act for under that agreement.
             * @enum {string}
             */
            purpose?: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /** @description The record the outcome is about. */
            targetId: string;
            /**
             * @description What happened. Positive: child-safeguarded, content-removed, account-actioned, investigation-opened, arrest, conviction, service-provided, referral-completed, true-positive.
             * @enum {string}
             */
            type: "child-safeguarded" | "content-removed" | "account-actioned" | "investigation-opened" | "arrest" | "conviction" | "service-provided" | "referral-completed" | "no-action" | "true-positive" | "false-positive" | "disputed";
        };
        /** @description An outcome as the reporter or the source sees it. */
        OutcomeView: {
            anonymous: boolean;
            /**
             * @description local: the source is on this node; sent: delivered to its node; pending: not yet delivered.
             * @enum {string}
             */
            delivery: "local" | "sent" | "pending";
            id: string;
            note: string | null;
            occurredAt: string;
            originId: string | null;
            positive: boolean;
            recordedAt: string;
            referralId: string | null;
            /** @description Who reported it; null when anonymous and you are not the reporter. */
            reportedByOrgId: string | null;
            /** @description Whose data it was: the outcome is attributed back to this organisation. */
            sourceOrgId: string;
            targetId: string;
            /** @enum {string} */
            targetKind: "report" | "content-item" | "contact" | "referral";
            /** @enum {string} */
            type: "child-safeguarded" | "content-removed" | "account-actioned" | "investigation-opened" | "arrest" | "conviction" | "service-provided" | "referral-completed" | "no-action" | "true-positive" | "false-positive" | "disputed";
            /** @enum {string} */
            via: "local" | "exchange";
        };
        /** @description An outcome as the reporter or the source sees it. */
        OutcomeViewInput: {
            anonymous: boolean;
            /**
             * @description local: the source is on this node; sent: delivered to its node; pending: not yet delivered.
             * @enum {string}
             */
            delivery: "local" | "sent" | "pending";
            id: string;
            note: string | null;
            occurredAt: string;
            originId: string | null;
            positive: boolean;
            recordedAt: string;
            referralId: string | null;
            /** @description Who reported it; null when anonymous and you are not the reporter. */
            reportedByOrgId: string | null;
            /** @description Whose data it was: the outcome is attributed back to this organisation. */
            sourceOrgId: string;
            targetId: string;
            /** @enum {string} */
            targetKind: "report" | "content-item" | "contact" | "referral";
            /** @enum {string} */
            type: "child-safeguarded" | "content-removed" | "account-actioned" | "investigation-opened" | "arrest" | "conviction" | "service-provided" | "referral-completed" | "no-action" | "true-positive" | "false-positive" | "disputed";
            /** @enum {string} */
            via: "local" | "exchange";
        };
        Peer: {
            createdAt: string;
            hasToken: boolean;
            id: string;
            keyId: string;
            orgId: string;
            orgSlug: string;
            publicKey: string;
            pushRecords: boolean;
            state: string;
            url: string;
            userId: string;
        };
        /** @description What one node tells another to be registered as a peer: its organisation, URL and Ed25519 key. */
        PeerCard: {
            keyId: string;
            organisation: {
                id: string;
                jurisdiction: string;
                kind: string;
                /** @default [] */
                languages: string[];
                name: string;
                slug: string;
            };
            /** @description Ed25519 public key, SPKI DER in base64. */
            publicKey: string;
            /** @constant */
            tessera: "peer-card/1";
            /**
             * Format: uri
             * @description Base URL of the node (TAXII at URL/taxii2/, API at URL/api/v1).
             */
            url: string;
        };
        /** @description What one node tells another to be registered as a peer: its organisation, URL and Ed25519 key. */
        PeerCardInput: {
            keyId: string;
            organisation: {
                id: string;
                jurisdiction: string;
                kind: string;
                /** @default [] */
                languages: string[];
                name: string;
                slug: string;
            };
            /** @description Ed25519 public key, SPKI DER in base64. */
            publicKey: string;
            /** @constant */
            tessera: "peer-card/1";
            /**
             * Format: uri
             * @description Base URL of the node (TAXII at URL/taxii2/, API at URL/api/v1).
             */
            url: string;
        };
        PeerInput: {
            createdAt: string;
            hasToken: boolean;
            id: string;
            keyId: string;
            orgId: string;
            orgSlug: string;
            publicKey: string;
            pushRecords: boolean;
            state: string;
            url: string;
            userId: string;
        };
        /** @description An error: a stable code, a message a person can act on, and where the fault is. */
        Problem: {
            code: string;
            details?: {
                [key: string]: unknown;
            };
            message: string;
            where?: {
                column?: number;
                field?: string;
                file?: string;
                line?: number;
                path?: string;
            };
        };
        /** @description An error: a stable code, a message a person can act on, and where the fault is. */
        ProblemInput: {
            code: string;
            details?: {
                [key: string]: unknown;
            };
            message: string;
            where?: {
                column?: number;
                field?: string;
                file?: string;
                line?: number;
                path?: string;
            };
        };
        /** @description Opens a private set intersection session with this node as responder. */
        PsiOpenRequest: {
            agreement: string;
            /**
             * @description The group: x25519 (Curve25519, default, about 3× faster) or p256.
             * @default x25519
             * @enum {string}
             */
            group: "x25519" | "p256";
            /** @enum {string} */
            kind: "account" | "email" | "phone" | "ip" | "url";
            /**
             * Purpose
             * @description Purpose the data was collected or is used for.
             * @enum {string}
             */
            purpose: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /**
             * @default cardinality
             * @enum {string}
             */
            reveal: "cardinality" | "intersection";
            setSize: number;
        };
        /** @description Opens a private set intersection session with this node as responder. */
        PsiOpenRequestInput: {
            agreement: string;
            /**
             * @description The group: x25519 (Curve25519, default, about 3× faster) or p256.
             * @default x25519
             * @enum {string}
             */
            group: "x25519" | "p256";
            /** @enum {string} */
            kind: "account" | "email" | "phone" | "ip" | "url";
            /**
             * Purpose
             * @description Purpose the data was collected or is used for.
             * @enum {string}
             */
            purpose: "victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding";
            /**
             * @default cardinality
             * @enum {string}
             */
            reveal: "cardinality" | "intersection";
            setSize: number;
        };
        QuarantineEntry: {
            attempts: number;
            context?: {
                [key: string]: unknown;
            };
            correctedRaw?: string | null;
            createdAt: string;
            datasetId: string | null;
            error: components["schemas"]["Problem"];
            format: string;
            id: string;
            problems: components["schemas"]["Problem"][];
            raw?: string;
            rawTruncated?: boolean;
            recordIds: string[] | null;
            runId: string | null;
            status: string;
            updatedAt: string;
            where: {
                column?: number;
                field?: string;
                file?: string;
                line?: number;
                path?: string;
            };
        };
        QuarantineEntryInput: {
            attempts: number;
            context?: {
                [key: string]: unknown;
            };
            correctedRaw?: string | null;
            createdAt: string;
            datasetId: string | null;
            error: components["schemas"]["ProblemInput"];
            format: string;
            id: string;
            problems: components["schemas"]["ProblemInput"][];
            raw?: string;
            rawTruncated?: boolean;
            recordIds: string[] | null;
            runId: string | null;
            status: string;
            updatedAt: string;
            where: {
                column?: number;
                field?: string;
                file?: string;
                line?: number;
                path?: string;
            };
        };
        RecordSource: {
            file: string;
            format: string;
            ingestedAt: string;
            ingestedBy: string;
            line: number | null;
            notes: {
                code: string;
                message: string;
                value?: string;
                where?: {
                    column?: number;
                    field?: string;
                    file?: string;
                    line?: number;
                    path?: string;
                };
            }[];
            path: string | null;
            rawDigest: string;
            recordId: string;
            runId: string;
        };
        RecordSourceInput: {
            file: string;
            format: string;
            ingestedAt: string;
            ingestedBy: string;
            line: number | null;
            notes: {
                code: string;
                message: string;
                value?: string;
                where?: {
                    column?: number;
                    field?: string;
                    file?: string;
                    line?: number;
                    path?: string;
                };
            }[];
            path: string | null;
            rawDigest: string;
            recordId: string;
            runId: string;
        };
        /**
         * Referral
         * @description A referral of a child to a service.
         */
        Referral: {
            consentId?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            createdAt: string;
            fromOrgId: string;
            /** @description Identifier, computed from fromOrgId + originId + createdAt when not given. */
            id: string;
            /** @description The report or contact the referral came from. */
            originId: string;
            /** @description Mandatory reason when a referral is made without consent under a safeguarding override. */
            safeguardingOverrideReason?: string;
            /** @description Service in the directory the child is referred to. */
            serviceRef?: string;
            /**
             * @default created
             * @enum {string}
             */
            status: "created" | "sent" | "accepted" | "declined" | "completed" | "closed";
            toOrgId?: string;
        };
        /** @description A referral of a child to a service, from a report or contact your organisation holds. */
        ReferralCreate: {
            /**
             * Format: date-time
             * @description When the referral was made, if earlier than now (recording a referral made by phone); never before the report or contact, never in the future.
             */
            createdAt?: string;
            needs: ("emotional-support" | "counselling" | "mental-health" | "medical-care" | "sexual-health" | "legal-advice" | "reporting-to-police" | "content-removal" | "sextortion-support" | "safe-accommodation" | "family-support" | "emergency")[];
            /** @description The report or helpline contact the referral comes from. */
            originId: string;
            /** @description Refer without consent because the child is at risk: records an audited safeguarding override (needs safeguarding training). Only used when there is no current consent. */
            safeguardingOverride?: {
                reason: string;
            };
            /**
             * @description Send it to the service at once (created → sent).
             * @default false
             */
            send: boolean;
            /** @description The service in the directory. */
            serviceId: string;
            /** @description The child referred: a child of the report (needed when it has several), or the contact itself (the default for a contact). */
            subjectRef?: string;
            /**
             * @default normal
             * @enum {string}
             */
            urgency: "normal" | "urgent" | "emergency";
        };
        /** @description A referral of a child to a service, from a report or contact your organisation holds. */
        ReferralCreateInput: {
            /**
             * Format: date-time
             * @description When the referral was made, if earlier than now (recording a referral made by phone); never before the report or contact, never in the future.
             */
            createdAt?: string;
            needs: ("emotional-support" | "counselling" | "mental-health" | "medical-care" | "sexual-health" | "legal-advice" | "reporting-to-police" | "content-removal" | "sextortion-support" | "safe-accommodation" | "family-support" | "emergency")[];
            /** @description The report or helpline contact the referral comes from. */
            originId: string;
            /** @description Refer without consent because the child is at risk: records an audited safeguarding override (needs safeguarding training). Only used when there is no current consent. */
            safeguardingOverride?: {
                reason: string;
            };
            /**
             * @description Send it to the service at once (created → sent).
             * @default false
             */
            send: boolean;
            /** @description The service in the directory. */
            serviceId: string;
            /** @description The child referred: a child of the report (needed when it has several), or the contact itself (the default for a contact). */
            subjectRef?: string;
            /**
             * @default normal
             * @enum {string}
             */
            urgency: "normal" | "urgent" | "emergency";
        };
        /**
         * Referral
         * @description A referral of a child to a service.
         */
        ReferralInput: {
            consentId?: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.
             */
            createdAt: string;
            fromOrgId: string;
            /** @description Identifier, computed from fromOrgId + originId + createdAt when not given. */
            id: string;
            /** @description The report or contact the referral came from. */
            originId: string;
            /** @description Mandatory reason when a referral is made without consent under a safeguarding override. */
            safeguardingOverrideReason?: string;
            /** @description Service in the directory the child is referred to. */
            serviceRef?: string;
            /**
             * @default created
             * @enum {string}
             */
            status: "created" | "sent" | "accepted" | "declined" | "completed" | "closed";
            toOrgId?: string;
        };
        /** @description One step of the lifecycle, timestamped and attributed. */
        ReferralStep: {
            at: string;
            byOrgId: string;
            /** @description Shown to members of the organisation that took the step. */
            byUserId: string | null;
            fromStatus: string | null;
            reason: string | null;
            seq: number;
            toStatus: string;
            /** @enum {string} */
            via: "local" | "exchange";
        };
        /** @description One step of the lifecycle, timestamped and attributed. */
        ReferralStepInput: {
            at: string;
            byOrgId: string;
            /** @description Shown to members of the organisation that took the step. */
            byUserId: string | null;
            fromStatus: string | null;
            reason: string | null;
            seq: number;
            toStatus: string;
            /** @enum {string} */
            via: "local" | "exchange";
        };
        /** @description The next step of a referral. */
        ReferralUpdate: {
            /**
             * Format: date-time
             * @description When the step happened, if earlier than now; never before the previous step.
             */
            at?: string;
            /** @description Why (e.g. why declined or closed); kept with the step. Never abuse content. */
            reason?: string;
            /**
             * @description The next status: sent, closed (referrer); accepted, declined, completed (provider).
             * @enum {string}
             */
            status: "created" | "sent" | "accepted" | "declined" | "completed" | "closed";
        };
        /** @description The next step of a referral. */
        ReferralUpdateInput: {
            /**
             * Format: date-time
             * @description When the step happened, if earlier than now; never before the previous step.
             */
            at?: string;
            /** @description Why (e.g. why declined or closed); kept with the step. Never abuse content. */
            reason?: string;
            /**
             * @description The next status: sent, closed (referrer); accepted, declined, completed (provider).
             * @enum {string}
             */
            status: "created" | "sent" | "accepted" | "declined" | "completed" | "closed";
        };
        /** @description A referral as one of its parties sees it, with its whole history. */
        ReferralView: {
            closedAt: string | null;
            completedAt: string | null;
            /** @enum {string} */
            consentBasis: "consent" | "safeguarding-override";
            consentEventId: string;
            createdAt: string;
            /**
             * @description local: both parties on this node; exchange: travels to/from another node; pending: not yet delivered; outside: the service is outside Tessera.
             * @enum {string}
             */
            delivery: "local" | "exchange" | "pending" | "outside";
            fromOrgId: string;
            history: components["schemas"]["ReferralStep"][];
            id: string;
            needs: string[];
            /** @description Statuses your organisation may move it to now. */
            next: string[];
            originAt: string | null;
            originId: string;
            /** @enum {string} */
            originKind: "report" | "contact";
            respondedAt: string | null;
            /**
             * @description Your organisation’s part in this referral.
             * @enum {string}
             */
            role: "referrer" | "provider";
            sentAt: string | null;
            serviceId: string;
            serviceName: string | null;
            /** @enum {string} */
            status: "created" | "sent" | "accepted" | "declined" | "completed" | "closed";
            subjectRef: string;
            toOrgId: string | null;
            updatedAt: string;
            urgency: string;
        };
        /** @description A referral as one of its parties sees it, with its whole history. */
        ReferralViewInput: {
            closedAt: string | null;
            completedAt: string | null;
            /** @enum {string} */
            consentBasis: "consent" | "safeguarding-override";
            consentEventId: string;
            createdAt: string;
            /**
             * @description local: both parties on this node; exchange: travels to/from another node; pending: not yet delivered; outside: the service is outside Tessera.
             * @enum {string}
             */
            delivery: "local" | "exchange" | "pending" | "outside";
            fromOrgId: string;
            history: components["schemas"]["ReferralStepInput"][];
            id: string;
            needs: string[];
            /** @description Statuses your organisation may move it to now. */
            next: string[];
            originAt: string | null;
            originId: string;
            /** @enum {string} */
            originKind: "report" | "contact";
            respondedAt: string | null;
            /**
             * @description Your organisation’s part in this referral.
             * @enum {string}
             */
            role: "referrer" | "provider";
            sentAt: string | null;
            serviceId: string;
            serviceName: string | null;
            /** @enum {string} */
            status: "created" | "sent" | "accepted" | "declined" | "completed" | "closed";
            subjectRef: string;
            toOrgId: string | null;
            updatedAt: string;
            urgency: string;
        };
        /**
         * Report
         * @description An incident report from any source: a CyberTipline report, a hotline report, a platform report, a law-enforcement referral.
         */
        Report: {
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            datasetId: string;
            /**
             * @description Incident flags such as "sextortion", "minor-to-minor", "urgent". Absence is not a "no".
             * @default []
             */
            flags: string[];
            /** @description Identifier, computed from sourceOrgId + sourceRef when not given. */
            id: string;
            /**
             * Incident date
             * Format: date-time
             * @description When the incident happened, if known.
             */
            incidentAt?: string;
            /**
             * Incident types
             * @description Incident types in the source scheme, verbatim.
             * @default []
             */
            incidentTypes: components["schemas"]["SchemeCode"][];
            /**
             * Report kind
             * @description Kind of report.
             * @enum {string}
             */
            kind: "cybertip" | "hotline-report" | "platform-report" | "law-enforcement-referral" | "public-report";
            /**
             * Language
             * @description BCP 47 language tag.
             */
            language?: string;
            lineage: components["schemas"]["Lineage"];
            /**
             * Reported at
             * Format: date-time
             * @description When the reporter made the report.
             */
            reportedAt: string;
            sourceOrgId: string;
            /**
             * Source reference
             * @description The source's own identifier for the report; with the source organisation it identifies the report.
             */
            sourceRef: string;
            /**
             * @default received
             * @enum {string}
             */
            status: "received" | "assessed" | "actioned" | "closed";
        };
        /** @description A report and the files, signals, children and subjects it contains. */
        ReportBundleInput: {
            /** @default [] */
            children: components["schemas"]["ChildInBundle"][];
            /** @default [] */
            contentItems: components["schemas"]["ContentItemInBundle"][];
            report: components["schemas"]["ReportInBundle"];
            /** @default [] */
            signals: components["schemas"]["SignalInBundle"][];
            /** @default [] */
            subjects: components["schemas"]["SubjectInBundle"][];
        };
        /** @description A report and the files, signals, children and subjects it contains. */
        ReportBundleInputInput: {
            /** @default [] */
            children: components["schemas"]["ChildInBundleInput"][];
            /** @default [] */
            contentItems: components["schemas"]["ContentItemInBundleInput"][];
            report: components["schemas"]["ReportInBundleInput"];
            /** @default [] */
            signals: components["schemas"]["SignalInBundleInput"][];
            /** @default [] */
            subjects: components["schemas"]["SubjectInBundleInput"][];
        };
        /** @description One report with the groups of nested records the reader may see (a hidden group is absent). */
        ReportDetail: {
            access: components["schemas"]["AccessSummary"];
            children?: components["schemas"]["Child"][];
            classifications?: components["schemas"]["Classification"][];
            contentItems?: components["schemas"]["ContentItem"][];
            report: components["schemas"]["SharedReport"];
            signals?: components["schemas"]["Signal"][];
            subjects?: components["schemas"]["Subject"][];
        };
        /** @description One report with the groups of nested records the reader may see (a hidden group is absent). */
        ReportDetailInput: {
            access: components["schemas"]["AccessSummaryInput"];
            children?: components["schemas"]["ChildInput"][];
            classifications?: components["schemas"]["ClassificationInput"][];
            contentItems?: components["schemas"]["ContentItemInput"][];
            report: components["schemas"]["SharedReportInput"];
            signals?: components["schemas"]["SignalInput"][];
            subjects?: components["schemas"]["SubjectInput"][];
        };
        /**
         * Report
         * @description An incident report from any source: a CyberTipline report, a hotline report, a platform report, a law-enforcement referral. (as nested in a bundle: sourceOrgId, lineage filled in by the node)
         */
        ReportInBundle: {
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            datasetId: string;
            /**
             * @description Incident flags such as "sextortion", "minor-to-minor", "urgent". Absence is not a "no".
             * @default []
             */
            flags: string[];
            /** @description Identifier, computed from sourceOrgId + sourceRef when not given. */
            id?: string;
            /**
             * Incident date
             * Format: date-time
             * @description When the incident happened, if known.
             */
            incidentAt?: string;
            /**
             * Incident types
             * @description Incident types in the source scheme, verbatim.
             * @default []
             */
            incidentTypes: components["schemas"]["SchemeCode"][];
            /**
             * Report kind
             * @description Kind of report.
             * @enum {string}
             */
            kind: "cybertip" | "hotline-report" | "platform-report" | "law-enforcement-referral" | "public-report";
            /**
             * Language
             * @description BCP 47 language tag.
             */
            language?: string;
            /**
             * Reported at
             * Format: date-time
             * @description When the reporter made the report.
             */
            reportedAt: string;
            /**
             * Source reference
             * @description The source's own identifier for the report; with the source organisation it identifies the report.
             */
            sourceRef: string;
            /**
             * @default received
             * @enum {string}
             */
            status: "received" | "assessed" | "actioned" | "closed";
        };
        /**
         * Report
         * @description An incident report from any source: a CyberTipline report, a hotline report, a platform report, a law-enforcement referral. (as nested in a bundle: sourceOrgId, lineage filled in by the node)
         */
        ReportInBundleInput: {
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            datasetId: string;
            /**
             * @description Incident flags such as "sextortion", "minor-to-minor", "urgent". Absence is not a "no".
             * @default []
             */
            flags: string[];
            /** @description Identifier, computed from sourceOrgId + sourceRef when not given. */
            id?: string;
            /**
             * Incident date
             * Format: date-time
             * @description When the incident happened, if known.
             */
            incidentAt?: string;
            /**
             * Incident types
             * @description Incident types in the source scheme, verbatim.
             * @default []
             */
            incidentTypes: components["schemas"]["SchemeCodeInput"][];
            /**
             * Report kind
             * @description Kind of report.
             * @enum {string}
             */
            kind: "cybertip" | "hotline-report" | "platform-report" | "law-enforcement-referral" | "public-report";
            /**
             * Language
             * @description BCP 47 language tag.
             */
            language?: string;
            /**
             * Reported at
             * Format: date-time
             * @description When the reporter made the report.
             */
            reportedAt: string;
            /**
             * Source reference
             * @description The source's own identifier for the report; with the source organisation it identifies the report.
             */
            sourceRef: string;
            /**
             * @default received
             * @enum {string}
             */
            status: "received" | "assessed" | "actioned" | "closed";
        };
        /**
         * Report
         * @description An incident report from any source: a CyberTipline report, a hotline report, a platform report, a law-enforcement referral.
         */
        ReportInput: {
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            datasetId: string;
            /**
             * @description Incident flags such as "sextortion", "minor-to-minor", "urgent". Absence is not a "no".
             * @default []
             */
            flags: string[];
            /** @description Identifier, computed from sourceOrgId + sourceRef when not given. */
            id: string;
            /**
             * Incident date
             * Format: date-time
             * @description When the incident happened, if known.
             */
            incidentAt?: string;
            /**
             * Incident types
             * @description Incident types in the source scheme, verbatim.
             * @default []
             */
            incidentTypes: components["schemas"]["SchemeCodeInput"][];
            /**
             * Report kind
             * @description Kind of report.
             * @enum {string}
             */
            kind: "cybertip" | "hotline-report" | "platform-report" | "law-enforcement-referral" | "public-report";
            /**
             * Language
             * @description BCP 47 language tag.
             */
            language?: string;
            lineage: components["schemas"]["LineageInput"];
            /**
             * Reported at
             * Format: date-time
             * @description When the reporter made the report.
             */
            reportedAt: string;
            sourceOrgId: string;
            /**
             * Source reference
             * @description The source's own identifier for the report; with the source organisation it identifies the report.
             */
            sourceRef: string;
            /**
             * @default received
             * @enum {string}
             */
            status: "received" | "assessed" | "actioned" | "closed";
        };
        ReportPage: {
            access: components["schemas"]["AccessSummary"];
            items: components["schemas"]["SharedReport"][];
            nextCursor: string | null;
        };
        ReportPageInput: {
            access: components["schemas"]["AccessSummaryInput"];
            items: components["schemas"]["SharedReportInput"][];
            nextCursor: string | null;
        };
        /** @description Up to 1,000 report bundles, written all or nothing. */
        ReportWriteRequest: {
            bundles: components["schemas"]["ReportBundleInput"][];
        };
        /** @description Up to 1,000 report bundles, written all or nothing. */
        ReportWriteRequestInput: {
            bundles: components["schemas"]["ReportBundleInputInput"][];
        };
        RetryOutcome: {
            duplicate: boolean;
            error?: components["schemas"]["Problem"];
            id: string;
            problems?: components["schemas"]["Problem"][];
            recordIds: string[];
            status: string;
        };
        RetryOutcomeInput: {
            duplicate: boolean;
            error?: components["schemas"]["ProblemInput"];
            id: string;
            problems?: components["schemas"]["ProblemInput"][];
            recordIds: string[];
            status: string;
        };
        /** @description Sharing without consent because a child is at risk: the reason is mandatory and always audited. */
        SafeguardingOverrideInput: {
            agreementId?: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            reason: string;
            subjectRef: string;
        };
        /** @description Sharing without consent because a child is at risk: the reason is mandatory and always audited. */
        SafeguardingOverrideInputInput: {
            agreementId?: string;
            purposes: ("victim-identification" | "content-removal" | "investigation" | "prevention" | "research-and-statistics" | "service-provision" | "safeguarding")[];
            reason: string;
            subjectRef: string;
        };
        /** @description A code in a named classification scheme, kept verbatim as the source gave it. */
        SchemeCode: {
            code: string;
            /** @description The source's own label, verbatim. */
            label?: string;
            scheme: string;
        };
        /** @description A code in a named classification scheme, kept verbatim as the source gave it. */
        SchemeCodeInput: {
            code: string;
            /** @description The source's own label, verbatim. */
            label?: string;
            scheme: string;
        };
        /** @description A service in the directory. `countries` always includes the jurisdiction. */
        Service: {
            acceptsReferrals: boolean;
            active: boolean;
            ageMax: number | null;
            ageMin: number | null;
            contact: components["schemas"]["ServiceContact"];
            countries: string[];
            description: string;
            hours: string;
            id: string;
            jurisdiction: string;
            /** @enum {string} */
            kind: "child-helpline" | "counselling" | "medical" | "legal-aid" | "law-enforcement" | "hotline" | "shelter";
            languages: string[];
            listedByOrgId: string;
            name: string;
            needs: string[];
            nodeUrl: string | null;
            open247: boolean;
            providerOrgId: string | null;
            slug: string;
            updatedAt: string;
        };
        /** @description How children, caregivers and referring organisations reach the service. */
        ServiceContact: {
            address?: string;
            /** Format: email */
            email?: string;
            phone?: string;
            /** Format: uri */
            url?: string;
        };
        /** @description How children, caregivers and referring organisations reach the service. */
        ServiceContactInput: {
            address?: string;
            /** Format: email */
            email?: string;
            phone?: string;
            /** Format: uri */
            url?: string;
        };
        /** @description A service in the directory, kept by your organisation (what you send to add or update it). */
        ServiceDraft: {
            /** @default true */
            acceptsReferrals: boolean;
            /** @default true */
            active: boolean;
            /**
             * @description Oldest age served, in whole years; null = no upper limit.
             * @default null
             */
            ageMax: number | null;
            /**
             * @description Youngest age served, in whole years; null = no lower limit.
             * @default null
             */
            ageMin: number | null;
            /** @default {} */
            contact: components["schemas"]["ServiceContact"];
            /**
             * @description Countries served besides the jurisdiction.
             * @default []
             */
            countries: string[];
            /** @default  */
            description: string;
            /**
             * @description Opening hours as published, e.g. "24/7" or "Mo-Fr 09:00-17:00".
             * @default
             */
            hours: string;
            /**
             * Country
             * @description Country the service operates under.
             */
            jurisdiction: string;
            /**
             * @description What kind of service this is.
             * @enum {string}
             */
            kind: "child-helpline" | "counselling" | "medical" | "legal-aid" | "law-enforcement" | "hotline" | "shelter";
            languages: string[];
            name: string;
            needs: ("emotional-support" | "counselling" | "mental-health" | "medical-care" | "sexual-health" | "legal-advice" | "reporting-to-police" | "content-removal" | "sextortion-support" | "safe-accommodation" | "family-support" | "emergency")[];
            /**
             * @description Node that receives referrals, when the provider runs its own node (defaults to the provider organisation's nodeUrl).
             * @default null
             */
            nodeUrl: string | null;
            /**
             * @description Open around the clock, every day.
             * @default false
             */
            open247: boolean;
            /**
             * @description The Tessera organisation that receives referrals for this service; null when the service is outside Tessera (the referring organisation tracks the referral itself).
             * @default null
             */
            providerOrgId: string | null;
            /** @description Short name, unique among the entries your organisation keeps. */
            slug: string;
        };
        /** @description A service in the directory, kept by your organisation (what you send to add or update it). */
        ServiceDraftInput: {
            /** @default true */
            acceptsReferrals: boolean;
            /** @default true */
            active: boolean;
            /**
             * @description Oldest age served, in whole years; null = no upper limit.
             * @default null
             */
            ageMax: number | null;
            /**
             * @description Youngest age served, in whole years; null = no lower limit.
             * @default null
             */
            ageMin: number | null;
            /** @default {} */
            contact: components["schemas"]["ServiceContactInput"];
            /**
             * @description Countries served besides the jurisdiction.
             * @default []
             */
            countries: string[];
            /** @default  */
            description: string;
            /**
             * @description Opening hours as published, e.g. "24/7" or "Mo-Fr 09:00-17:00".
             * @default
             */
            hours: string;
            /**
             * Country
             * @description Country the service operates under.
             */
            jurisdiction: string;
            /**
             * @description What kind of service this is.
             * @enum {string}
             */
            kind: "child-helpline" | "counselling" | "medical" | "legal-aid" | "law-enforcement" | "hotline" | "shelter";
            languages: string[];
            name: string;
            needs: ("emotional-support" | "counselling" | "mental-health" | "medical-care" | "sexual-health" | "legal-advice" | "reporting-to-police" | "content-removal" | "sextortion-support" | "safe-accommodation" | "family-support" | "emergency")[];
            /**
             * @description Node that receives referrals, when the provider runs its own node (defaults to the provider organisation's nodeUrl).
             * @default null
             */
            nodeUrl: string | null;
            /**
             * @description Open around the clock, every day.
             * @default false
             */
            open247: boolean;
            /**
             * @description The Tessera organisation that receives referrals for this service; null when the service is outside Tessera (the referring organisation tracks the referral itself).
             * @default null
             */
            providerOrgId: string | null;
            /** @description Short name, unique among the entries your organisation keeps. */
            slug: string;
        };
        /** @description Directory entries as CSV, imported all or nothing. */
        ServiceImport: {
            /** @description The CSV text; header columns: slug, name, kind, jurisdiction, countries, languages, age_min, age_max, needs, hours, phone, email, url, address, description, provider, node_url, accepts_referrals. Multi-valued cells separated by ";". */
            csv: string;
            file?: string;
        };
        /** @description Directory entries as CSV, imported all or nothing. */
        ServiceImportInput: {
            /** @description The CSV text; header columns: slug, name, kind, jurisdiction, countries, languages, age_min, age_max, needs, hours, phone, email, url, address, description, provider, node_url, accepts_referrals. Multi-valued cells separated by ";". */
            csv: string;
            file?: string;
        };
        /** @description A service in the directory. `countries` always includes the jurisdiction. */
        ServiceInput: {
            acceptsReferrals: boolean;
            active: boolean;
            ageMax: number | null;
            ageMin: number | null;
            contact: components["schemas"]["ServiceContactInput"];
            countries: string[];
            description: string;
            hours: string;
            id: string;
            jurisdiction: string;
            /** @enum {string} */
            kind: "child-helpline" | "counselling" | "medical" | "legal-aid" | "law-enforcement" | "hotline" | "shelter";
            languages: string[];
            listedByOrgId: string;
            name: string;
            needs: string[];
            nodeUrl: string | null;
            open247: boolean;
            providerOrgId: string | null;
            slug: string;
            updatedAt: string;
        };
        /** @description A service found for a child, with the criteria it meets. */
        ServiceMatch: {
            acceptsReferrals: boolean;
            active: boolean;
            ageMax: number | null;
            ageMin: number | null;
            contact: components["schemas"]["ServiceContact"];
            countries: string[];
            description: string;
            hours: string;
            id: string;
            jurisdiction: string;
            /** @enum {string} */
            kind: "child-helpline" | "counselling" | "medical" | "legal-aid" | "law-enforcement" | "hotline" | "shelter";
            languages: string[];
            listedByOrgId: string;
            /** @description Why the service matched, criterion by criterion. */
            matched: string[];
            name: string;
            needs: string[];
            nodeUrl: string | null;
            open247: boolean;
            providerOrgId: string | null;
            slug: string;
            updatedAt: string;
        };
        /** @description A service found for a child, with the criteria it meets. */
        ServiceMatchInput: {
            acceptsReferrals: boolean;
            active: boolean;
            ageMax: number | null;
            ageMin: number | null;
            contact: components["schemas"]["ServiceContactInput"];
            countries: string[];
            description: string;
            hours: string;
            id: string;
            jurisdiction: string;
            /** @enum {string} */
            kind: "child-helpline" | "counselling" | "medical" | "legal-aid" | "law-enforcement" | "hotline" | "shelter";
            languages: string[];
            listedByOrgId: string;
            /** @description Why the service matched, criterion by criterion. */
            matched: string[];
            name: string;
            needs: string[];
            nodeUrl: string | null;
            open247: boolean;
            providerOrgId: string | null;
            slug: string;
            updatedAt: string;
        };
        /** @description A helpline contact as the reader may see it: hidden fields are absent, a pseudonymised source reference starts with "pseu_". Your own contacts have every field. */
        SharedContact: {
            datasetId: string;
            id: string;
            lineage: {
                [key: string]: unknown;
            };
            sourceOrgId: string;
        } & {
            [key: string]: unknown;
        };
        /** @description A helpline contact as the reader may see it: hidden fields are absent, a pseudonymised source reference starts with "pseu_". Your own contacts have every field. */
        SharedContactInput: {
            datasetId: string;
            id: string;
            lineage: {
                [key: string]: unknown;
            };
            sourceOrgId: string;
        } & {
            [key: string]: unknown;
        };
        /** @description A report as the reader may see it: hidden fields are absent, pseudonymised values start with "pseu_". Your own records have every field. */
        SharedReport: {
            datasetId: string;
            id: string;
            lineage: {
                [key: string]: unknown;
            };
            sourceOrgId: string;
        } & {
            [key: string]: unknown;
        };
        /** @description A report as the reader may see it: hidden fields are absent, pseudonymised values start with "pseu_". Your own records have every field. */
        SharedReportInput: {
            datasetId: string;
            id: string;
            lineage: {
                [key: string]: unknown;
            };
            sourceOrgId: string;
        } & {
            [key: string]: unknown;
        };
        /**
         * Signal
         * @description A hash, URL, account identifier, IP address or keyword seen in a report.
         */
        Signal: {
            /** @description Identifier, computed from reportId + type + value when not given. */
            id: string;
            /** @default false */
            pseudonymised: boolean;
            reportId: string;
            /**
             * Signal type
             * @description Kind of signal.
             * @enum {string}
             */
            type: "md5" | "sha1" | "sha256" | "pdq" | "photodna" | "tmk-pdqf" | "video-md5" | "url" | "domain" | "account" | "email" | "phone" | "ip" | "keyword";
            /** @description Normalised value; personal identifiers (account, email, phone, IP) are pseudonymised before they are stored. */
            value: string;
        };
        /**
         * Signal
         * @description A hash, URL, account identifier, IP address or keyword seen in a report. (as nested in a bundle: reportId filled in by the node)
         */
        SignalInBundle: {
            /** @description Identifier, computed from reportId + type + value when not given. */
            id?: string;
            /** @default false */
            pseudonymised: boolean;
            /**
             * Signal type
             * @description Kind of signal.
             * @enum {string}
             */
            type: "md5" | "sha1" | "sha256" | "pdq" | "photodna" | "tmk-pdqf" | "video-md5" | "url" | "domain" | "account" | "email" | "phone" | "ip" | "keyword";
            /** @description Normalised value; personal identifiers (account, email, phone, IP) are pseudonymised before they are stored. */
            value: string;
        };
        /**
         * Signal
         * @description A hash, URL, account identifier, IP address or keyword seen in a report. (as nested in a bundle: reportId filled in by the node)
         */
        SignalInBundleInput: {
            /** @description Identifier, computed from reportId + type + value when not given. */
            id?: string;
            /** @default false */
            pseudonymised: boolean;
            /**
             * Signal type
             * @description Kind of signal.
             * @enum {string}
             */
            type: "md5" | "sha1" | "sha256" | "pdq" | "photodna" | "tmk-pdqf" | "video-md5" | "url" | "domain" | "account" | "email" | "phone" | "ip" | "keyword";
            /** @description Normalised value; personal identifiers (account, email, phone, IP) are pseudonymised before they are stored. */
            value: string;
        };
        /**
         * Signal
         * @description A hash, URL, account identifier, IP address or keyword seen in a report.
         */
        SignalInput: {
            /** @description Identifier, computed from reportId + type + value when not given. */
            id: string;
            /** @default false */
            pseudonymised: boolean;
            reportId: string;
            /**
             * Signal type
             * @description Kind of signal.
             * @enum {string}
             */
            type: "md5" | "sha1" | "sha256" | "pdq" | "photodna" | "tmk-pdqf" | "video-md5" | "url" | "domain" | "account" | "email" | "phone" | "ip" | "keyword";
            /** @description Normalised value; personal identifiers (account, email, phone, IP) are pseudonymised before they are stored. */
            value: string;
        };
        /** @description Counts with their margins ("*" = total): suppressed entries have value null and say why; with ε, values are noisy. */
        StatsResult: {
            access: unknown;
            dims: string[];
            dp: unknown | null;
            entries: {
                cell: {
                    [key: string]: string;
                };
                /** @enum {string} */
                status: "shown" | "primary" | "secondary" | "differencing";
                value: number | null;
            }[];
            query: string;
            suppressed: {
                differencing: number;
                primary: number;
                secondary: number;
            };
            threshold: number;
            unit: string;
        };
        /** @description Counts with their margins ("*" = total): suppressed entries have value null and say why; with ε, values are noisy. */
        StatsResultInput: {
            access: unknown;
            dims: string[];
            dp: unknown | null;
            entries: {
                cell: {
                    [key: string]: string;
                };
                /** @enum {string} */
                status: "shown" | "primary" | "secondary" | "differencing";
                value: number | null;
            }[];
            query: string;
            suppressed: {
                differencing: number;
                primary: number;
                secondary: number;
            };
            threshold: number;
            unit: string;
        };
        /**
         * Subject
         * @description A reported person or account, known only by pseudonymous identifiers.
         */
        Subject: {
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id: string;
            /** @default [] */
            identifiers: {
                platform?: string;
                /** @enum {string} */
                type: "account" | "email" | "phone" | "ip" | "device" | "other";
                /** @description Keyed hash (pseudonym) of the normalised identifier; never the clear value. */
                value: string;
            }[];
            /** @enum {string} */
            kind: "person" | "account";
            reportId: string;
            /**
             * @default reported
             * @enum {string}
             */
            role: "reported" | "reporter" | "associated";
            sourceRef: string;
        };
        /**
         * Subject
         * @description A reported person or account, known only by pseudonymous identifiers. (as nested in a bundle: reportId filled in by the node)
         */
        SubjectInBundle: {
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id?: string;
            /** @default [] */
            identifiers: {
                platform?: string;
                /** @enum {string} */
                type: "account" | "email" | "phone" | "ip" | "device" | "other";
                /** @description Keyed hash (pseudonym) of the normalised identifier; never the clear value. */
                value: string;
            }[];
            /** @enum {string} */
            kind: "person" | "account";
            /**
             * @default reported
             * @enum {string}
             */
            role: "reported" | "reporter" | "associated";
            sourceRef: string;
        };
        /**
         * Subject
         * @description A reported person or account, known only by pseudonymous identifiers. (as nested in a bundle: reportId filled in by the node)
         */
        SubjectInBundleInput: {
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id?: string;
            /** @default [] */
            identifiers: {
                platform?: string;
                /** @enum {string} */
                type: "account" | "email" | "phone" | "ip" | "device" | "other";
                /** @description Keyed hash (pseudonym) of the normalised identifier; never the clear value. */
                value: string;
            }[];
            /** @enum {string} */
            kind: "person" | "account";
            /**
             * @default reported
             * @enum {string}
             */
            role: "reported" | "reporter" | "associated";
            sourceRef: string;
        };
        /**
         * Subject
         * @description A reported person or account, known only by pseudonymous identifiers.
         */
        SubjectInput: {
            /**
             * Country
             * @description ISO 3166-1 alpha-2 country code.
             */
            country?: string;
            /** @description Identifier, computed from reportId + sourceRef when not given. */
            id: string;
            /** @default [] */
            identifiers: {
                platform?: string;
                /** @enum {string} */
                type: "account" | "email" | "phone" | "ip" | "device" | "other";
                /** @description Keyed hash (pseudonym) of the normalised identifier; never the clear value. */
                value: string;
            }[];
            /** @enum {string} */
            kind: "person" | "account";
            reportId: string;
            /**
             * @default reported
             * @enum {string}
             */
            role: "reported" | "reporter" | "associated";
            sourceRef: string;
        };
        TaxonomyAgeRange: {
            /** @enum {string} */
            basis: "documented" | "reported" | "estimated" | "developmental-stage";
            max: number | null;
            min: number | null;
            stage?: string;
        };
        TaxonomyAgeRangeInput: {
            /** @enum {string} */
            basis: "documented" | "reported" | "estimated" | "developmental-stage";
            max: number | null;
            min: number | null;
            stage?: string;
        };
        TaxonomySchemeSummary: {
            codes: number;
            confidence: string;
            digest: string;
            id: string;
            imported: boolean;
            kind: string;
            languages: string[];
            publisher: string;
            title: string;
            version: string;
            warnings: string[];
        };
        TaxonomySchemeSummaryInput: {
            codes: number;
            confidence: string;
            digest: string;
            id: string;
            imported: boolean;
            kind: string;
            languages: string[];
            publisher: string;
            title: string;
            version: string;
            warnings: string[];
        };
        TaxonomyTargetCode: {
            code: string;
            condition?: string;
            jurisdiction?: string;
            label: string;
            /** @enum {string} */
            relation: "exact" | "broader" | "narrower" | "related";
            scheme: string;
        };
        TaxonomyTargetCodeInput: {
            code: string;
            condition?: string;
            jurisdiction?: string;
            label: string;
            /** @enum {string} */
            relation: "exact" | "broader" | "narrower" | "related";
            scheme: string;
        };
        TaxonomyTranslation: {
            /** @description What the result assumes or cannot know, as "axis: note". */
            assumed: string[];
            codes: string[];
            from: {
                code: string;
                scheme: string;
            };
            jurisdiction?: string;
            /** @description What the source holds that the target cannot, as "axis: note". */
            lost: string[];
            /**
             * @description SKOS relation from source to target: exact, broader (target broader), narrower (target narrower), related, none.
             * @enum {string}
             */
            relation: "exact" | "broader" | "narrower" | "related" | "none";
            review: boolean;
            targets: components["schemas"]["TaxonomyTargetCode"][];
            to: string;
            /** @description Unverified facts the result relies on: warnings, not hard rules. */
            warnings: string[];
        };
        TaxonomyTranslationInput: {
            /** @description What the result assumes or cannot know, as "axis: note". */
            assumed: string[];
            codes: string[];
            from: {
                code: string;
                scheme: string;
            };
            jurisdiction?: string;
            /** @description What the source holds that the target cannot, as "axis: note". */
            lost: string[];
            /**
             * @description SKOS relation from source to target: exact, broader (target broader), narrower (target narrower), related, none.
             * @enum {string}
             */
            relation: "exact" | "broader" | "narrower" | "related" | "none";
            review: boolean;
            targets: components["schemas"]["TaxonomyTargetCodeInput"][];
            to: string;
            /** @description Unverified facts the result relies on: warnings, not hard rules. */
            warnings: string[];
        };
        TerminologyFinding: {
            column: number;
            confidence: string;
            endColumn: number;
            endLine: number;
            exempt?: string;
            fixable: boolean;
            lang: string;
            length: number;
            line: number;
            offset: number;
            preferred: string[];
            reason: string;
            replacement?: string;
            rule: string;
            /** @enum {string} */
            severity: "error" | "warning" | "info";
            sources: string[];
            term: string;
        };
        TerminologyFindingInput: {
            column: number;
            confidence: string;
            endColumn: number;
            endLine: number;
            exempt?: string;
            fixable: boolean;
            lang: string;
            length: number;
            line: number;
            offset: number;
            preferred: string[];
            reason: string;
            replacement?: string;
            rule: string;
            /** @enum {string} */
            severity: "error" | "warning" | "info";
            sources: string[];
            term: string;
        };
        /** @description A person who uses the node on behalf of an organisation. */
        UserInput: {
            /** @default null */
            dataProtectionTrainedAt: string | null;
            email: unknown;
            name: string;
            orgId: string;
            roles: ("admin" | "steward" | "analyst" | "auditor")[];
            /** @default null */
            safeguardingTrainedAt: string | null;
        };
        /** @description A person who uses the node on behalf of an organisation. */
        UserInputInput: {
            /** @default null */
            dataProtectionTrainedAt: string | null;
            /** Format: email */
            email: string;
            name: string;
            orgId: string;
            roles: ("admin" | "steward" | "analyst" | "auditor")[];
            /** @default null */
            safeguardingTrainedAt: string | null;
        };
        WhoAmI: {
            dataProtectionTrainedAt: string | null;
            email: string;
            name: string;
            organisation: {
                id: string;
                jurisdiction: string;
                slug: string;
            };
            roles: ("admin" | "steward" | "analyst" | "auditor")[];
            safeguardingTrainedAt: string | null;
            userId: string;
        };
        WhoAmIInput: {
            dataProtectionTrainedAt: string | null;
            email: string;
            name: string;
            organisation: {
                id: string;
                jurisdiction: string;
                slug: string;
            };
            roles: ("admin" | "steward" | "analyst" | "auditor")[];
            safeguardingTrainedAt: string | null;
            userId: string;
        };
        WriteResult: {
            duplicates: number;
            inserted: number;
        };
        WriteResultInput: {
            duplicates: number;
            inserted: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
