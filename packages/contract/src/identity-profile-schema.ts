// The JSON schema of the identity profile report (seed 004) as the host reads it, one for every
// provider: GET /v1/sessions/:id?include=identity_profile answers an object that validates here.
// Kept as data (not zod) so that any JSON schema validator a host uses reads the same file.
export const IDENTITY_PROFILE_REPORT_SCHEMA = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://identity-verify.local/schemas/identity-profile-report.json",
  "title": "Identity profile report",
  "description": "Seed 004's identity profile report, the shape every provider's evidence is reported in (GET /v1/sessions/:id?include=identity_profile). Written from seed 004's field table, required where it says Yes; one addition: trust_framework may be NONE, for a provider that certified no trust framework (its evidence is reported as it established it, and schemes_compliance is empty).",
  "type": "object",
  "additionalProperties": false,
  "required": [
    "identity_assertion"
  ],
  "oneOf": [
    {
      "required": [
        "verification_report"
      ]
    },
    {
      "required": [
        "verification_reports"
      ]
    }
  ],
  "properties": {
    "identity_assertion": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "date_of_birth"
      ],
      "properties": {
        "current_name": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "given_names"
          ],
          "properties": {
            "given_names": {
              "type": "string"
            },
            "first_name": {
              "type": "string"
            },
            "middle_name": {
              "type": "string"
            },
            "family_name": {
              "type": "string"
            },
            "full_name": {
              "type": "string"
            }
          }
        },
        "date_of_birth": {
          "type": "string",
          "pattern": "^\\d{4}-\\d{2}-\\d{2}$"
        },
        "current_address": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "address"
          ],
          "properties": {
            "address": {
              "type": "object"
            },
            "move_in": {
              "type": "string",
              "pattern": "^\\d{4}-\\d{2}-\\d{2}$"
            }
          }
        }
      }
    },
    "verification_report": {
      "$ref": "#/definitions/verification_report"
    },
    "verification_reports": {
      "type": "array",
      "minItems": 1,
      "items": {
        "$ref": "#/definitions/verification_report"
      }
    }
  },
  "definitions": {
    "timestamp": {
      "type": "string",
      "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$"
    },
    "trust_framework": {
      "type": "string",
      "enum": [
        "UK_TFIDA",
        "YOTI_GLOBAL",
        "NONE"
      ]
    },
    "links": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "verification_report": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "report_id",
        "timestamp",
        "trust_framework",
        "schemes_compliance",
        "assurance_process",
        "evidence"
      ],
      "properties": {
        "report_id": {
          "type": "string",
          "minLength": 1
        },
        "timestamp": {
          "$ref": "#/definitions/timestamp"
        },
        "subject_id": {
          "type": "string"
        },
        "address_verification": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "current_address_verified"
          ],
          "properties": {
            "current_address_verified": {
              "type": "boolean"
            },
            "evidence_links": {
              "$ref": "#/definitions/links"
            }
          }
        },
        "trust_framework": {
          "$ref": "#/definitions/trust_framework"
        },
        "schemes_compliance": {
          "type": "array",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "requirements_met",
              "scheme"
            ],
            "properties": {
              "requirements_met": {
                "type": "boolean"
              },
              "requirements_not_met_info": {
                "type": "string"
              },
              "scheme": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "type"
                ],
                "properties": {
                  "type": {
                    "type": "string"
                  },
                  "objective": {
                    "type": "string"
                  },
                  "label": {
                    "type": "string"
                  },
                  "config": {
                    "type": "object"
                  }
                }
              }
            }
          }
        },
        "assurance_process": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "level_of_assurance",
            "policy"
          ],
          "properties": {
            "level_of_assurance": {
              "type": "string"
            },
            "policy": {
              "type": "string"
            },
            "procedure": {
              "type": "string"
            },
            "assurance": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "type"
                ],
                "properties": {
                  "type": {
                    "type": "string"
                  },
                  "classification": {
                    "type": "string"
                  },
                  "evidence_links": {
                    "$ref": "#/definitions/links"
                  }
                }
              }
            }
          }
        },
        "evidence": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "face": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "evidence_id",
                "initial_liveness",
                "verifying_org"
              ],
              "properties": {
                "evidence_id": {
                  "type": "string"
                },
                "initial_liveness": {
                  "$ref": "#/definitions/liveness"
                },
                "last_matched_liveness": {
                  "$ref": "#/definitions/liveness"
                },
                "verifying_org": {
                  "type": "string"
                },
                "media_ids": {
                  "$ref": "#/definitions/links"
                },
                "audit_ids": {
                  "$ref": "#/definitions/links"
                }
              }
            },
            "documents": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "evidence_id",
                  "timestamp",
                  "document_fields",
                  "passed_checks",
                  "verifying_org"
                ],
                "properties": {
                  "evidence_id": {
                    "type": "string"
                  },
                  "timestamp": {
                    "$ref": "#/definitions/timestamp"
                  },
                  "document_fields": {
                    "type": "object"
                  },
                  "passed_checks": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": [
                        "check"
                      ],
                      "properties": {
                        "check": {
                          "type": "string",
                          "enum": [
                            "MANUAL_VISUAL_DOCUMENT_AUTHENTICITY",
                            "CHIP_DIGITAL_SIGNATURE",
                            "ISSUING_AUTHORITY",
                            "DOCUMENT_IN_DATE",
                            "FRAUD_DOCUMENTS_LIST",
                            "MANUAL_FACE_MATCH",
                            "AUTOMATED_FACE_MATCH",
                            "AUTOMATED_FACE_MATCH_HIGHER_THRESHOLD"
                          ]
                        }
                      }
                    }
                  },
                  "verifying_org": {
                    "type": "string"
                  },
                  "media_ids": {
                    "$ref": "#/definitions/links"
                  },
                  "audit_ids": {
                    "$ref": "#/definitions/links"
                  }
                }
              }
            },
            "electronic_records": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "evidence_id",
                  "timestamp",
                  "identity_details",
                  "verifying_org"
                ],
                "properties": {
                  "evidence_id": {
                    "type": "string"
                  },
                  "timestamp": {
                    "$ref": "#/definitions/timestamp"
                  },
                  "identity_details": {
                    "type": "object"
                  },
                  "verifying_org": {
                    "type": "string"
                  },
                  "provider_org": {
                    "type": "string"
                  },
                  "media_ids": {
                    "$ref": "#/definitions/links"
                  },
                  "audit_ids": {
                    "$ref": "#/definitions/links"
                  }
                }
              }
            }
          }
        },
        "authentication_reports": {
          "type": "array",
          "items": {
            "$ref": "#/definitions/authentication_report"
          }
        },
        "authentication_report": {
          "$ref": "#/definitions/authentication_report"
        }
      }
    },
    "liveness": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "type",
        "timestamp"
      ],
      "properties": {
        "type": {
          "type": "string",
          "enum": [
            "ZOOM",
            "STATIC",
            "ACTIVE",
            "THREE_WORDS"
          ]
        },
        "timestamp": {
          "$ref": "#/definitions/timestamp"
        }
      }
    },
    "authentication_report": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "report_id",
        "timestamp",
        "level",
        "policy",
        "trust_framework"
      ],
      "properties": {
        "report_id": {
          "type": "string"
        },
        "timestamp": {
          "$ref": "#/definitions/timestamp"
        },
        "level": {
          "type": "string"
        },
        "policy": {
          "type": "string"
        },
        "trust_framework": {
          "$ref": "#/definitions/trust_framework"
        }
      }
    }
  }
} as const;
