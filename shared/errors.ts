/** Stable error codes sent to clients as `{ error: { code, message } }`. */
export const ErrorCode = {
  /** The request body, query or event payload does not match its schema. */
  Validation: 'E_VALIDATION',
  /** No valid session or visitor token. */
  Unauthenticated: 'E_UNAUTHENTICATED',
  /** Signed in, but the role or membership does not allow this. */
  Forbidden: 'E_FORBIDDEN',
  /** The thing does not exist, or the caller may not know it exists. */
  NotFound: 'E_NOT_FOUND',
  /** Too many requests from this account, visitor or address; retry later. */
  RateLimited: 'E_RATE_LIMITED',
  /** A dependency (database) is down; the same request can be retried. */
  Unavailable: 'E_UNAVAILABLE',
  /** The body is larger than the server accepts. */
  PayloadTooLarge: 'E_PAYLOAD_TOO_LARGE',
  /** Wrong username or password. */
  BadCredentials: 'E_BAD_CREDENTIALS',
  /** POST /api/bundles with a bundleId that another bundle already has. */
  BundleExists: 'E_BUNDLE_EXISTS',
  /** A bundle names a SKU that is not in the product catalogue. */
  UnknownSku: 'E_UNKNOWN_SKU',
  /** A bundle price not below the sum of its items' list prices. */
  BundlePriceTooHigh: 'E_BUNDLE_PRICE_TOO_HIGH',
  /** The offer is out of stock, inactive or expired. */
  OfferUnavailable: 'E_OFFER_UNAVAILABLE',
  /** The shopper already accepted or declined this offer. */
  OfferAnswered: 'E_OFFER_ANSWERED',
  /** An order names a customer the shop does not have. */
  UnknownCustomer: 'E_UNKNOWN_CUSTOMER',
  /** An order id already recorded with different content; recorded orders do not change. */
  OrderConflict: 'E_ORDER_CONFLICT',
  /** POST /api/scripts with a locale and id that another script already has. */
  ScriptExists: 'E_SCRIPT_EXISTS',
  /** A script text uses a variable outside the allow-list or a malformed {{ }} tag. */
  ScriptTemplate: 'E_SCRIPT_TEMPLATE',
  /** Publishing a script that has no draft to publish. */
  ScriptNoDraft: 'E_SCRIPT_NO_DRAFT',
  /** Another change to the same script landed at the same moment; reload and retry. */
  ScriptConflict: 'E_SCRIPT_CONFLICT',
  /** PUT /api/quality/rules from a version that is no longer the current one; reload and retry. */
  QualityConflict: 'E_QUALITY_CONFLICT',
  /** PUT /api/outreach/rules from a version that is no longer the current one; reload and retry. */
  OutreachConflict: 'E_OUTREACH_CONFLICT',
  /** An outreach task another agent holds, or one already sent or skipped. */
  TaskUnavailable: 'E_TASK_UNAVAILABLE',
  /** An imported script library fails the library checks; nothing was imported. */
  LibraryInvalid: 'E_LIBRARY_INVALID',
  /** A bug on our side; logged with a request id. */
  Internal: 'E_INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ApiError {
  code: ErrorCode;
  message: string;
}
