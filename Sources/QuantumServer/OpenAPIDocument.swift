import Foundation
import OpenAPIKit
import QuantumCore

/// `GET /openapi.json`: an OpenAPI 3.1 description of every route, built with OpenAPIKit from the
/// constants the routes use (the registry's sources, `BasisPreference`, `CandleQuery`'s parameters
/// and day limit, `BatchQuery`'s members, the server's size limits). Tests check its paths and
/// methods against the router, its fetch, sources and limits schemas against the objects the
/// routes write, and each path's statuses against those the server answers there, so it cannot
/// drift; `validate()` and CI's openapi-spec-validator check it is a valid document.
struct OpenAPIDocument: Sendable {
    let document: OpenAPI.Document

    /// The document for a server with `options` (its URL, body and batch limits).
    init(options: ServerOptions) {
        document = OpenAPI.Document(
            openAPIVersion: .v3_1_0,
            info: .init(
                title: "quantum serve",
                description: "OHLCV candles with fallback; one governor, cache and key set. "
                    + "GET routes answer HEAD too (no body).",
                version: "1"),
            servers: [], paths: Self.paths(options), components: Self.components(options),
            security: [[.component(named: "bearer"): []], [:]])
    }

    /// The document as JSON (keys sorted, so the same build always serves the same bytes).
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding a document built from values cannot fail: every member is a plain value.
        return (try? encoder.encode(document)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    // MARK: The request vocabulary

    /// Each query parameter of `GET /v1/candles/{ticker}` and member of the batch body but
    /// `tickers`, keyed by `CandleQuery.parameters`' names: one schema for both places.
    static let rangeParameters: [String: (schema: JSONSchema, description: String)] = [
        "from": (.string(format: .date), "First day, YYYY-MM-DD."),
        "to": (.string(format: .date), "Last day (default today); needs from."),
        "days": (
            .integer(maximum: (RequestVocabulary.maxDays, exclusive: false), minimum: (1, exclusive: false)),
            "The last N calendar days (default 30); not with from or to (400)."
        ),
        "source": (
            .string(allowedValues: RequestVocabulary.sourceNames.map { AnyCodable($0) }), "Pin one source: no fallback."
        ),
        "basis": (
            .string(allowedValues: RequestVocabulary.basisNames.map { AnyCodable($0) }),
            "The price basis, computed here from the corporate actions whichever source serves (default \(RequestVocabulary.defaultBasis.rawValue))."
        ),
        "partial": (.boolean, "Keep the bar of a session still open."),
        "max_wait": (
            .integer(maximum: (CandleQuery.maxWaitSeconds, exclusive: false), minimum: (0, exclusive: false)),
            "Seconds to wait at most for a provider's rate-limit slot (never more than the server's --max-wait); "
                + "past it, 503 with Retry-After."
        ),
        "format": (
            .string(allowedValues: CandleQuery.Format.allCases.map { AnyCodable($0.rawValue) }),
            "json (the default) or csv: the rows export csv writes (Accept: text/csv asks the same)."
        ),
    ]

    /// A ticker as `RequestVocabulary` reads one.
    static let ticker = JSONSchema.string(
        maxLength: RequestVocabulary.tickerMaxLength, pattern: RequestVocabulary.tickerPattern)

    // MARK: Components

    private static func components(_ options: ServerOptions) -> OpenAPI.Components {
        var parameters: OpenAPI.ComponentDictionary<OpenAPI.Parameter> = [
            "ticker": .path(name: "ticker", schema: ticker)
        ]
        for name in CandleQuery.parameters {
            guard let (schema, description) = rangeParameters[name] else { continue }
            parameters[.init(stringLiteral: name)] = .query(name: name, schema: schema, description: description)
        }
        return .direct(
            schemas: [
                "Error": .object(properties: ["error": .string, "parameter": .string(required: false)]),
                "Candle": candle, "Attempt": attempt, "Fetch": fetch, "BatchRequest": batchRequest(options),
                "Source": source, "Sources": sources, "Window": window, "SourceLimits": sourceLimits,
                "Limits": .object(properties: ["limits": .array(items: .reference(.component(named: "SourceLimits")))]),
                "ActionEvent": actionEvent, "Actions": actions,
            ],
            responses: [
                "BadInput": error("Bad input, naming the parameter"),
                "Unauthorized": error("No or wrong bearer token"),
                "Forbidden": error(
                    "A Host that is not this server (bound to loopback), or a request from another site's page "
                        + "(Origin not allowed: --cors-origin)"),
                "Busy": error(
                    "The server's own queue is full; retry after Retry-After seconds",
                    headers: ["Retry-After": .header(.init(schema: .integer))]),
                "MethodNotAllowed": error(
                    "The path exists, but not with this method; Allow lists the methods it takes",
                    headers: ["Allow": .header(.init(schema: .string))]),
                "URITooLong": error(
                    "The request target is longer than the server allows (\(options.maxURLBytes) bytes)"),
                "ContentTooLarge": error("The body is larger than the server allows (\(options.maxBodyBytes) bytes)"),
            ],
            parameters: parameters,
            securitySchemes: [
                "bearer": .http(
                    scheme: "bearer",
                    description:
                        "Required when the server listens beyond loopback (--token-file or QUANTUM_SERVE_TOKEN).")
            ])
    }

    /// A response whose body is the `Error` object.
    private static func error(_ description: String, headers: OpenAPI.Header.Map? = nil) -> OpenAPI.Response {
        OpenAPI.Response(
            description: description, headers: headers,
            content: content(.json, .reference(.component(named: "Error"))))
    }

    private static let nullableString = JSONSchema.string(nullable: true)
    private static let nullableInteger = JSONSchema.integer(nullable: true)

    private static let candle = JSONSchema.object(properties: [
        "date": .string(format: .date), "source": nullableString, "open": .number, "high": .number, "low": .number,
        "close": .number, "volume": .number,
    ])

    private static let attempt = JSONSchema.object(properties: [
        "source": .string, "outcome": .string, "status": nullableInteger, "message": nullableString, "ms": .integer,
    ])

    /// What `ResultJSON.fetch` writes, in its order.
    private static let fetch = JSONSchema.object(properties: [
        "ticker": .string, "ok": .boolean, "source": nullableString, "basis": nullableString, "simulated": .boolean,
        "from": .string(format: .date), "to": .string(format: .date),
        "candles": .array(items: .reference(.component(named: "Candle"))),
        "attempts": .array(items: .reference(.component(named: "Attempt"))), "warnings": .array(items: .string),
        "notes": .array(items: .string), "complete": .boolean,
        "missing": .array(
            items: .string(
                description: "YYYY-MM-DD; when more than \(ResultJSON.missingDaysListed) days are missing, each run "
                    + "of consecutive sessions is FROM..TO",
                pattern: #"^\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?$"#)),
        "missing_days": .integer,
        "filled": .array(items: .object), "error": nullableString, "cached": .integer, "elapsed_ms": .integer,
        "adjustment": adjustment, "quality": .object,
    ])

    /// What `ResultJSON.adjustment` writes: null on no derived basis.
    private static let adjustment = JSONSchema.object(
        nullable: true,
        properties: [
            "events": .array(
                description: "The corporate actions the basis was computed with (dated after the first bar).",
                items: .reference(.component(named: "ActionEvent"))),
            "factors": .array(
                description: "Per candle, in order: adjusted price ÷ raw price.", items: .number),
            "volume_factors": .array(
                description: "Per candle, in order: adjusted volume ÷ raw volume.", items: .number),
            "disagreements": .array(items: disagreement),
        ])

    /// One event the sources report differently (`ActionDisagreement`).
    private static let disagreement = JSONSchema.object(properties: [
        "kind": .string, "date": .string(format: .date), "versions": .array(items: .string),
        "missing_at": .array(items: .string), "used": nullableString, "text": .string,
    ])

    /// An event of `ResultJSON.actions`: the members its kind has, and `sources`.
    private static let actionEvent = JSONSchema.object(
        properties: [
            "kind": .string(allowedValues: CorporateAction.Kind.allCases.map { AnyCodable($0.rawValue) }),
            "date": .string(format: .date),
            "ratio": .number(
                required: false, description: "Split: new shares per old share (4 for 4-for-1, 0.1 for 1-for-10)."),
            "ratio_text": .string(required: false),
            "amount": .number(required: false, description: "Dividend: per share, as declared on that date."),
            "currency": .string(required: false, nullable: true),
            "declaration_date": .string(format: .date, required: false, nullable: true),
            "record_date": .string(format: .date, required: false, nullable: true),
            "pay_date": .string(format: .date, required: false, nullable: true),
            "old_symbol": .string(required: false), "new_symbol": .string(required: false),
            "sources": .array(items: .string),
        ])

    /// What `ResultJSON.actions` writes, in its order.
    private static let actions = JSONSchema.object(properties: [
        "ticker": .string, "from": .string(format: .date, nullable: true), "to": .string(format: .date, nullable: true),
        "events": .array(items: .reference(.component(named: "ActionEvent"))),
        "disagreements": .array(items: disagreement),
        "attempts": .array(
            items: .object(properties: [
                "source": .string, "feed": .string, "outcome": .string, "status": nullableInteger,
                "message": nullableString, "ms": .integer,
            ])),
        "warnings": .array(items: .string), "simulated": .boolean, "error": nullableString,
    ])

    /// The batch body: `tickers`, then the candles route's parameters as members (`BatchQuery.members`).
    private static func batchRequest(_ options: ServerOptions) -> JSONSchema {
        var properties: OrderedDictionary<String, JSONSchema> = [
            "tickers": .array(minItems: 1, maxItems: options.maxBatchTickers, items: ticker)
        ]
        for name in BatchQuery.members where name != "tickers" {
            guard let (schema, description) = rangeParameters[name] else { continue }
            properties[name] = schema.optionalSchemaObject().with(description: description)
        }
        // What the server refuses besides each member's own schema: days with from or to, and to
        // without from (400, as on the candles route).
        let present = { (names: [String]) -> JSONSchema in
            var members: OrderedDictionary<String, JSONSchema> = [:]
            for name in names { members[name] = .fragment }
            return .object(properties: members)
        }
        return .all(
            of: .object(properties: properties, additionalProperties: .a(false)),
            .not(
                .any(
                    of: present(["days", "from"]), present(["days", "to"]),
                    .all(of: present(["to"]), .not(present(["from"]))))),
            description: "days is not combined with from or to, and to needs from (400 otherwise).")
    }

    private static let source = JSONSchema.object(properties: [
        "name": .string(allowedValues: RequestVocabulary.sourceNames.map { AnyCodable($0) }), "priority": .integer,
        "enabled": .boolean,
        "key_configured": .boolean(description: "Whether a key is set (the key itself is never shown)."),
        "base_url": .string, "limits": .array(description: "Each window, e.g. 5/1m.", items: .string),
        "plan": .string(
            nullable: true,
            description: "The documented plan the limits are while they are the provider's defaults, e.g. free plan; "
                + "set EODHD_LIMITS for a paid one."),
        "breaker": nullableString, "usable": .boolean, "requests": .integer,
    ])

    private static let sources = JSONSchema.object(properties: [
        "simulated": .boolean,
        "sources": .array(description: "In priority order.", items: .reference(.component(named: "Source"))),
    ])

    private static let window = JSONSchema.object(properties: [
        "limit": .string, "used": .integer, "remaining": .integer, "resets_in_ms": nullableInteger,
    ])

    private static let sourceLimits = JSONSchema.object(properties: [
        "source": .string, "windows": .array(items: .reference(.component(named: "Window"))),
        "plan": .string(
            nullable: true,
            description: "The documented plan the windows are while they are the provider's defaults."),
        "cooling_ms": nullableInteger, "quota_spent_until": .string(format: .dateTime, nullable: true),
        "breaker": .string, "requests": .integer,
    ])

    // MARK: Paths

    private static func paths(_ options: ServerOptions) -> OpenAPI.PathItem.Map {
        let open: [OpenAPI.SecurityRequirement] = []
        let candles: OpenAPI.Response.Map = fetching([
            200: .response(
                description: "Served: the fetch object, or CSV rows when asked (format=csv or Accept: text/csv)",
                headers: ["ETag": .header(.init(schema: .string))],
                content: servedContent),
            304: .response(description: "Not modified: If-None-Match names the answer's ETag"),
            404: .response(
                description: "Every source asked does not know the ticker: the fetch object, with error",
                content: fetchContent),
            502: .response(
                description: "No source could serve: the same object, with error and attempts",
                content: fetchContent),
            503: .response(
                description: "Every source is at its rate limit for longer than the request may wait: the fetch "
                    + "object; Retry-After says when a slot frees",
                headers: ["Retry-After": .header(.init(schema: .integer))],
                content: fetchContent),
        ])
        return [
            "/": .pathItem(
                .init(
                    get: simple(
                        "The page: a ticker form, the close chart, the attempts trail and the quality summary",
                        security: open,
                        [200: .response(description: "HTML", content: content(.html, nil))]))),
            "/favicon.ico": .pathItem(
                .init(
                    get: simple(
                        "No icon (the page carries its own inline), so browsers stop asking", security: open,
                        [204: .response(description: "No content; cacheable for a day")]))),
            "/healthz": .pathItem(
                .init(
                    get: simple(
                        "Alive", security: open,
                        [
                            200: .response(
                                description: #"{"status":"ok"}"#,
                                content: content(
                                    .json, .object(properties: ["status": .string(allowedValues: ["ok"])])))
                        ]))),
            "/readyz": .pathItem(
                .init(
                    get: simple(
                        "At least one source usable",
                        guarded([
                            200: .response(description: "Ready, the usable sources listed", content: ready),
                            503: .response(
                                description: "No source usable, or the team's database does not answer",
                                content: ready),
                        ])))),
            "/metrics": .pathItem(
                .init(
                    get: simple(
                        "Prometheus text: requests, source requests, fetch latency, cache hits, waits",
                        guarded([
                            200: .response(description: "Prometheus text format", content: content(.txt, nil))
                        ])))),
            "/openapi.json": .pathItem(
                .init(
                    get: simple(
                        "This document", security: open,
                        [200: .response(description: "OpenAPI 3.1", content: content(.json, .object))]))),
            "/v1/sources": .pathItem(
                .init(
                    get: simple(
                        "As the sources command: priority, key configured (never the key), base URL, limits, breaker",
                        guarded([
                            200: .response(
                                description: "Every source in priority order",
                                content: content(.json, .reference(.component(named: "Sources"))))
                        ])))),
            "/v1/sources/{source}/enable": .pathItem(.init(post: enable)),
            "/v1/limits": .pathItem(
                .init(
                    get: simple(
                        "As the limits command: each source's windows used, remaining and resetting",
                        guarded([
                            200: .response(
                                description: "Each source's windows",
                                content: content(.json, .reference(.component(named: "Limits"))))
                        ])))),
            "/v1/candles/{ticker}": .pathItem(
                .init(
                    get: .init(
                        summary: "One ticker with fallback, as fetch --json prints it. days cannot be combined with "
                            + "from or to, to needs from, and from must not be after to or today: each is a 400.",
                        parameters: (["ticker"] + CandleQuery.parameters).map { .reference(.component(named: $0)) },
                        responses: candles))),
            "/v1/actions/{ticker}": .pathItem(
                .init(
                    get: .init(
                        summary: "A ticker's corporate actions from every usable source, merged, as actions --json "
                            + "prints them; from must not be after to (400).",
                        parameters: [
                            .reference(.component(named: "ticker")),
                            .b(
                                .query(
                                    name: "from", schema: .string(format: .date),
                                    description: "Show events from this date.")),
                            .b(
                                .query(
                                    name: "to", schema: .string(format: .date),
                                    description: "Show events up to this date.")),
                            .b(
                                .query(
                                    name: "sources", schema: .string(pattern: sourceListPattern),
                                    description: "The sources to ask, comma-separated (default: every usable one).")),
                        ],
                        responses: fetching([
                            200: .response(description: "The ledger", content: actionsContent),
                            502: .response(
                                description: "No source reported splits and dividends: the same object, with error",
                                content: actionsContent),
                        ])))),
            "/stock/{ticker}": .pathItem(
                .init(
                    get: .init(
                        summary: "The last \(ServerAPI.stockDays) days of one ticker (the seed's route); no parameters",
                        parameters: [.reference(.component(named: "ticker"))], responses: candles))),
            "/v1/batch": .pathItem(
                .init(
                    post: .init(
                        summary: "Many tickers: NDJSON, a fetch object per line, then the summary. days cannot be "
                            + "combined with from or to, to needs from, and from must not be after to or today: "
                            + "each is a 400.",
                        requestBody: .init(
                            content: content(.json, .reference(.component(named: "BatchRequest"))),
                            required: true),
                        responses: fetching(
                            [
                                200: .response(
                                    description: "NDJSON stream",
                                    content: content(ndjson, nil)),
                                413: .reference(.component(named: "ContentTooLarge")),
                                415: .b(error("The body was not sent as Content-Type: application/json")),
                            ]
                        )))),
        ]
    }

    /// `POST /v1/sources/{source}/enable`.
    private static var enable: OpenAPI.Operation {
        var operation = simple(
            "Enables a source and asks it again at once, also one set aside after the provider refused its key "
                + "(otherwise asked again after the server's cool-down); answers as GET /v1/sources",
            guarded([
                200: .response(
                    description: "Every source in priority order",
                    content: content(.json, .reference(.component(named: "Sources")))),
                400: .reference(.component(named: "BadInput")),
                413: .reference(.component(named: "ContentTooLarge")),
            ]))
        operation.parameters = [
            .b(
                .path(
                    name: "source",
                    schema: .string(allowedValues: RequestVocabulary.sourceNames.map { AnyCodable($0) })))
        ]
        return operation
    }

    /// The `/readyz` body.
    private static let ready = content(
        .json,
        .object(properties: [
            "ready": .boolean,
            "usable": .array(items: .string(allowedValues: RequestVocabulary.sourceNames.map { AnyCodable($0) })),
            "database": .string(
                nullable: true, description: "Why the team's database cannot be used now (null when it can)"),
        ]))

    private static let actionsContent = content(.json, .reference(.component(named: "Actions")))

    /// Source names, comma-separated, any case.
    private static let sourceListPattern =
        "^(?i:" + RequestVocabulary.sourceNames.joined(separator: "|") + ")(,(?i:"
        + RequestVocabulary.sourceNames.joined(separator: "|") + "))*$"

    private static let fetchContent = content(.json, .reference(.component(named: "Fetch")))
    /// A served candles answer: the fetch object, or the CSV export's rows.
    private static let servedContent: OpenAPI.Content.Map = {
        var both = fetchContent
        both[.csv] = .content(.init(schema: .string))
        return both
    }()

    /// A body of `type`, described by `schema` (nil: not described, such as HTML or NDJSON).
    private static func content(_ type: OpenAPI.ContentType, _ schema: JSONSchema?) -> OpenAPI.Content.Map {
        [type: .content(.init(schema: schema))]
    }
    private static let ndjson = OpenAPI.ContentType(rawValue: "application/x-ndjson")!

    /// A GET operation; every path answers 405 to another method and 414 to an over-long target.
    private static func simple(
        _ summary: String, security: [OpenAPI.SecurityRequirement]? = nil, _ responses: OpenAPI.Response.Map
    ) -> OpenAPI.Operation {
        var all = responses
        all[403] = .reference(.component(named: "Forbidden"))
        all[405] = .reference(.component(named: "MethodNotAllowed"))
        all[414] = .reference(.component(named: "URITooLong"))
        all.sortKeys { $0.rawValue < $1.rawValue }
        return .init(summary: summary, responses: all, security: security)
    }

    /// Behind the token: 401 too.
    private static func guarded(_ responses: OpenAPI.Response.Map) -> OpenAPI.Response.Map {
        var all = responses
        all[401] = .reference(.component(named: "Unauthorized"))
        return all
    }

    /// A fetching route: 400 for bad input, 401, 405, 414 and 429 when the queue is full.
    private static func fetching(_ responses: OpenAPI.Response.Map) -> OpenAPI.Response.Map {
        var all = guarded(responses)
        all[400] = .reference(.component(named: "BadInput"))
        all[403] = .reference(.component(named: "Forbidden"))
        all[405] = .reference(.component(named: "MethodNotAllowed"))
        all[414] = .reference(.component(named: "URITooLong"))
        all[429] = .reference(.component(named: "Busy"))
        all.sortKeys { $0.rawValue < $1.rawValue }
        return all
    }
}
