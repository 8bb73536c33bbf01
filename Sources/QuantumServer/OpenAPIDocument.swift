/// `GET /openapi.json`: an OpenAPI 3.1 description of every route. Tests check its paths and
/// methods against the router, its fetch, sources and limits schemas against the objects the
/// routes write, and each path's statuses against those the server answers there, so it cannot
/// drift.
enum OpenAPIDocument {
    static let json = #"""
        {
         "openapi": "3.1.0",
         "info": {
          "title": "quantum serve",
          "version": "1",
          "description": "OHLCV candles with fallback; one governor, cache and key set. GET routes answer HEAD too (no body)."
         },
         "components": {
          "securitySchemes": {
           "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "Required when the server listens beyond loopback (--token-file or QUANTUM_SERVE_TOKEN)."
           }
          },
          "parameters": {
           "ticker": {
            "name": "ticker",
            "in": "path",
            "required": true,
            "schema": {
             "type": "string",
             "maxLength": 24,
             "pattern": "^[A-Za-z0-9.^=-]+$"
            }
           },
           "from": {
            "name": "from",
            "in": "query",
            "schema": {
             "type": "string",
             "format": "date"
            },
            "description": "First day, YYYY-MM-DD."
           },
           "to": {
            "name": "to",
            "in": "query",
            "schema": {
             "type": "string",
             "format": "date"
            },
            "description": "Last day (default today); needs from."
           },
           "days": {
            "name": "days",
            "in": "query",
            "schema": {
             "type": "integer",
             "minimum": 1,
             "maximum": 36500
            },
            "description": "The last N calendar days (default 30); not with from/to."
           },
           "source": {
            "name": "source",
            "in": "query",
            "schema": {
             "type": "string",
             "enum": [
              "polygon",
              "fmp",
              "alphavantage",
              "eodhd"
             ]
            },
            "description": "Pin one source: no fallback."
           },
           "basis": {
            "name": "basis",
            "in": "query",
            "schema": {
             "type": "string",
             "enum": [
              "raw",
              "split",
              "any"
             ]
            }
           },
           "partial": {
            "name": "partial",
            "in": "query",
            "schema": {
             "type": "boolean"
            },
            "description": "Keep the bar of a session still open."
           }
          },
          "schemas": {
           "Error": {
            "type": "object",
            "required": [
             "error"
            ],
            "properties": {
             "error": {
              "type": "string"
             },
             "parameter": {
              "type": "string"
             }
            }
           },
           "Candle": {
            "type": "object",
            "required": [
             "date",
             "source",
             "open",
             "high",
             "low",
             "close",
             "volume"
            ],
            "properties": {
             "date": {
              "type": "string",
              "format": "date"
             },
             "source": {
              "type": [
               "string",
               "null"
              ]
             },
             "open": {
              "type": "number"
             },
             "high": {
              "type": "number"
             },
             "low": {
              "type": "number"
             },
             "close": {
              "type": "number"
             },
             "volume": {
              "type": "number"
             }
            }
           },
           "Attempt": {
            "type": "object",
            "required": [
             "source",
             "outcome",
             "status",
             "message",
             "ms"
            ],
            "properties": {
             "source": {
              "type": "string"
             },
             "outcome": {
              "type": "string"
             },
             "status": {
              "type": [
               "integer",
               "null"
              ]
             },
             "message": {
              "type": [
               "string",
               "null"
              ]
             },
             "ms": {
              "type": "integer"
             }
            }
           },
           "Fetch": {
            "type": "object",
            "required": [
             "ticker",
             "ok",
             "source",
             "basis",
             "simulated",
             "from",
             "to",
             "candles",
             "attempts",
             "warnings",
             "notes",
             "complete",
             "missing",
             "filled",
             "error",
             "cached",
             "elapsed_ms",
             "quality"
            ],
            "properties": {
             "ticker": {
              "type": "string"
             },
             "ok": {
              "type": "boolean"
             },
             "source": {
              "type": [
               "string",
               "null"
              ]
             },
             "basis": {
              "type": [
               "string",
               "null"
              ]
             },
             "simulated": {
              "type": "boolean"
             },
             "from": {
              "type": "string",
              "format": "date"
             },
             "to": {
              "type": "string",
              "format": "date"
             },
             "candles": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Candle"
              }
             },
             "attempts": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Attempt"
              }
             },
             "warnings": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "notes": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "complete": {
              "type": "boolean"
             },
             "missing": {
              "type": "array",
              "items": {
               "type": "string",
               "format": "date"
              }
             },
             "filled": {
              "type": "array",
              "items": {
               "type": "object"
              }
             },
             "error": {
              "type": [
               "string",
               "null"
              ]
             },
             "cached": {
              "type": "integer"
             },
             "elapsed_ms": {
              "type": "integer"
             },
             "quality": {
              "type": "object"
             }
            }
           },
           "BatchRequest": {
            "type": "object",
            "required": [
             "tickers"
            ],
            "properties": {
             "tickers": {
              "type": "array",
              "items": {
               "type": "string"
              },
              "minItems": 1,
              "maxItems": 1000
             },
             "from": {
              "type": "string",
              "format": "date"
             },
             "to": {
              "type": "string",
              "format": "date"
             },
             "days": {
              "type": "integer",
              "minimum": 1,
              "maximum": 36500
             },
             "source": {
              "type": "string"
             },
             "basis": {
              "type": "string",
              "enum": [
               "raw",
               "split",
               "any"
              ]
             },
             "partial": {
              "type": "boolean"
             }
            }
           },
           "Source": {
            "type": "object",
            "required": [
             "name",
             "priority",
             "enabled",
             "key_configured",
             "base_url",
             "limits",
             "plan",
             "breaker",
             "usable",
             "requests"
            ],
            "properties": {
             "name": {
              "type": "string"
             },
             "priority": {
              "type": "integer"
             },
             "enabled": {
              "type": "boolean"
             },
             "key_configured": {
              "type": "boolean",
              "description": "Whether a key is set (the key itself is never shown)."
             },
             "base_url": {
              "type": "string"
             },
             "limits": {
              "type": "array",
              "items": {
               "type": "string"
              },
              "description": "Each window, e.g. 5/1m."
             },
             "plan": {
              "type": [
               "string",
               "null"
              ],
              "description": "The documented plan the limits are while they are the provider's defaults, e.g. free plan; set EODHD_LIMITS for a paid one."
             },
             "breaker": {
              "type": [
               "string",
               "null"
              ]
             },
             "usable": {
              "type": "boolean"
             },
             "requests": {
              "type": "integer"
             }
            }
           },
           "Sources": {
            "type": "object",
            "required": [
             "simulated",
             "sources"
            ],
            "properties": {
             "simulated": {
              "type": "boolean"
             },
             "sources": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Source"
              },
              "description": "In priority order."
             }
            }
           },
           "Window": {
            "type": "object",
            "required": [
             "limit",
             "used",
             "remaining",
             "resets_in_ms"
            ],
            "properties": {
             "limit": {
              "type": "string"
             },
             "used": {
              "type": "integer"
             },
             "remaining": {
              "type": "integer"
             },
             "resets_in_ms": {
              "type": [
               "integer",
               "null"
              ]
             }
            }
           },
           "SourceLimits": {
            "type": "object",
            "required": [
             "source",
             "windows",
             "plan",
             "cooling_ms",
             "quota_spent_until",
             "breaker",
             "requests"
            ],
            "properties": {
             "source": {
              "type": "string"
             },
             "windows": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Window"
              }
             },
             "plan": {
              "type": [
               "string",
               "null"
              ],
              "description": "The documented plan the windows are while they are the provider's defaults."
             },
             "cooling_ms": {
              "type": [
               "integer",
               "null"
              ]
             },
             "quota_spent_until": {
              "type": [
               "string",
               "null"
              ],
              "format": "date-time"
             },
             "breaker": {
              "type": "string"
             },
             "requests": {
              "type": "integer"
             }
            }
           },
           "Limits": {
            "type": "object",
            "required": [
             "limits"
            ],
            "properties": {
             "limits": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/SourceLimits"
              }
             }
            }
           }
          },
          "responses": {
           "BadInput": {
            "description": "Bad input, naming the parameter",
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            }
           },
           "Unauthorized": {
            "description": "No or wrong bearer token",
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            }
           },
           "Busy": {
            "description": "The server's own queue is full; retry after Retry-After seconds",
            "headers": {
             "Retry-After": {
              "schema": {
               "type": "integer"
              }
             }
            },
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            }
           },
           "MethodNotAllowed": {
            "description": "The path exists, but not with this method; Allow lists the methods it takes",
            "headers": {
             "Allow": {
              "schema": {
               "type": "string"
              }
             }
            },
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            }
           },
           "URITooLong": {
            "description": "The request target is longer than the server allows (2048 bytes by default)",
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            }
           },
           "ContentTooLarge": {
            "description": "The body is larger than the server allows (64 KiB by default)",
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            }
           }
          }
         },
         "security": [
          {
           "bearer": []
          },
          {}
         ],
         "paths": {
          "/": {
           "get": {
            "summary": "The page: a ticker form, the close chart, the attempts trail and the quality summary",
            "security": [],
            "responses": {
             "200": {
              "description": "HTML",
              "content": {
               "text/html": {}
              }
             },
             "405": {
              "$ref": "#/components/responses/MethodNotAllowed"
             },
             "414": {
              "$ref": "#/components/responses/URITooLong"
             }
            }
           }
          },
          "/healthz": {
           "get": {
            "summary": "Alive",
            "security": [],
            "responses": {
             "200": {
              "description": "{\"status\":\"ok\"}",
              "content": {
               "application/json": {}
              }
             },
             "405": {
              "$ref": "#/components/responses/MethodNotAllowed"
             },
             "414": {
              "$ref": "#/components/responses/URITooLong"
             }
            }
           }
          },
          "/readyz": {
           "get": {
            "summary": "At least one source usable",
            "responses": {
             "200": {
              "description": "Ready, the usable sources listed",
              "content": {
               "application/json": {}
              }
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "405": {
              "$ref": "#/components/responses/MethodNotAllowed"
             },
             "414": {
              "$ref": "#/components/responses/URITooLong"
             },
             "503": {
              "description": "No source usable"
             }
            }
           }
          },
          "/metrics": {
           "get": {
            "summary": "Prometheus text: requests, source requests, fetch latency, cache hits, waits",
            "responses": {
             "200": {
              "description": "Prometheus text format",
              "content": {
               "text/plain": {}
              }
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "405": {
              "$ref": "#/components/responses/MethodNotAllowed"
             },
             "414": {
              "$ref": "#/components/responses/URITooLong"
             }
            }
           }
          },
          "/openapi.json": {
           "get": {
            "summary": "This document",
            "security": [],
            "responses": {
             "200": {
              "description": "OpenAPI 3.1",
              "content": {
               "application/json": {}
              }
             },
             "405": {
              "$ref": "#/components/responses/MethodNotAllowed"
             },
             "414": {
              "$ref": "#/components/responses/URITooLong"
             }
            }
           }
          },
          "/v1/sources": {
           "get": {
            "summary": "As the sources command: priority, key configured (never the key), base URL, limits, breaker",
            "responses": {
             "200": {
              "description": "Every source in priority order",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Sources"
                }
               }
              }
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "405": {
              "$ref": "#/components/responses/MethodNotAllowed"
             },
             "414": {
              "$ref": "#/components/responses/URITooLong"
             }
            }
           }
          },
          "/v1/limits": {
           "get": {
            "summary": "As the limits command: each source's windows used, remaining and resetting",
            "responses": {
             "200": {
              "description": "Each source's windows",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Limits"
                }
               }
              }
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "405": {
              "$ref": "#/components/responses/MethodNotAllowed"
             },
             "414": {
              "$ref": "#/components/responses/URITooLong"
             }
            }
           }
          },
          "/v1/candles/{ticker}": {
           "get": {
            "summary": "One ticker with fallback, as fetch --json prints it",
            "parameters": [
             {
              "$ref": "#/components/parameters/ticker"
             },
             {
              "$ref": "#/components/parameters/from"
             },
             {
              "$ref": "#/components/parameters/to"
             },
             {
              "$ref": "#/components/parameters/days"
             },
             {
              "$ref": "#/components/parameters/source"
             },
             {
              "$ref": "#/components/parameters/basis"
             },
             {
              "$ref": "#/components/parameters/partial"
             }
            ],
            "responses": {
             "200": {
              "description": "Served",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Fetch"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadInput"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "405": {
              "$ref": "#/components/responses/MethodNotAllowed"
             },
             "414": {
              "$ref": "#/components/responses/URITooLong"
             },
             "429": {
              "$ref": "#/components/responses/Busy"
             },
             "502": {
              "description": "No source could serve: the same object, with error and attempts",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Fetch"
                }
               }
              }
             }
            }
           }
          },
          "/stock/{ticker}": {
           "get": {
            "summary": "The last 90 days of one ticker (the seed's route)",
            "parameters": [
             {
              "$ref": "#/components/parameters/ticker"
             }
            ],
            "responses": {
             "200": {
              "description": "Served",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Fetch"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadInput"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "405": {
              "$ref": "#/components/responses/MethodNotAllowed"
             },
             "414": {
              "$ref": "#/components/responses/URITooLong"
             },
             "429": {
              "$ref": "#/components/responses/Busy"
             },
             "502": {
              "description": "No source could serve",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Fetch"
                }
               }
              }
             }
            }
           }
          },
          "/v1/batch": {
           "post": {
            "summary": "Many tickers: NDJSON, a fetch object per line, then the summary",
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/BatchRequest"
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "NDJSON stream",
              "content": {
               "application/x-ndjson": {}
              }
             },
             "400": {
              "$ref": "#/components/responses/BadInput"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "405": {
              "$ref": "#/components/responses/MethodNotAllowed"
             },
             "413": {
              "$ref": "#/components/responses/ContentTooLarge"
             },
             "414": {
              "$ref": "#/components/responses/URITooLong"
             },
             "429": {
              "$ref": "#/components/responses/Busy"
             }
            }
           }
          }
         }
        }
        """#
}
