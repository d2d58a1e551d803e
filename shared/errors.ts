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
  /** A bug on our side; logged with a request id. */
  Internal: 'E_INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ApiError {
  code: ErrorCode;
  message: string;
}
