import type { FormRule } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { priceBundle } from '../../../../../shared/domain/bundle-pricing';
import { ErrorCode } from '../../../../../shared/errors';
import {
  bundleLimits,
  createBundleSchema,
  type StaffBundleView,
  type UpdateBundleInput,
} from '../../../../../shared/schemas/bundle';
import type { ProductView } from '../../../../../shared/schemas/catalog';
import { ApiRequestError, errorMessageKey } from '../../../app/api';
import type { AppLanguage } from '../../../app/i18n';
import { formatCny } from '../../shop/format';

const fields = createBundleSchema.shape;

/** What the drawer's form holds; it becomes the API's input in `toBundleInput`. */
export interface BundleFormValues {
  /** Only when creating: the id never changes. */
  bundleId?: string;
  name: { zhCN: string; en: string };
  skus: string[];
  bundlePrice: number | null;
  validity: [Dayjs, Dayjs] | null;
  stock: number | null;
  active: boolean;
}

/** A bundle id as the server will store it (trimmed, upper case), to compare with existing ones. */
export function normalizeBundleId(value: unknown): string {
  return typeof value === 'string' ? value.trim().toUpperCase() : '';
}

/** The days the picker shows for a bundle's validity, in the browser's time zone. */
export function validityDays(bundle: Pick<StaffBundleView, 'validFrom' | 'validTo'>) {
  return [dayjs(bundle.validFrom), dayjs(bundle.validTo)] as [Dayjs, Dayjs];
}

/** A new bundle runs from today for a month unless the supervisor picks other days. */
export function defaultValidity(now = dayjs()): [Dayjs, Dayjs] {
  return [now.startOf('day'), now.add(1, 'month').startOf('day')];
}

/**
 * The validity as instants: from the start of the first day to the end of the last one. An
 * unchanged day keeps the bundle's exact instant, so saving other fields moves nothing.
 */
function validityInstants(
  [from, to]: [Dayjs, Dayjs],
  original?: Pick<StaffBundleView, 'validFrom' | 'validTo'>,
): { validFrom: string; validTo: string } {
  const keep = (picked: Dayjs, iso: string | undefined) =>
    iso !== undefined && dayjs(iso).isSame(picked, 'day') ? iso : undefined;
  return {
    validFrom: keep(from, original?.validFrom) ?? from.startOf('day').toISOString(),
    validTo: keep(to, original?.validTo) ?? to.endOf('day').toISOString(),
  };
}

/** The form's values as the API takes them (the rules have passed, so nothing is missing). */
export function toBundleInput(
  values: BundleFormValues,
  original?: StaffBundleView,
): UpdateBundleInput {
  if (values.bundlePrice === null || values.stock === null || values.validity === null) {
    throw new Error('toBundleInput before the form rules passed');
  }
  return {
    name: { zhCN: values.name.zhCN.trim(), en: values.name.en.trim() },
    skus: values.skus,
    bundlePrice: values.bundlePrice,
    ...validityInstants(values.validity, original),
    stock: values.stock,
    active: values.active,
  };
}

export function sameBundleInput(a: UpdateBundleInput, b: UpdateBundleInput): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The items' list prices added up, from the catalogue the picker shows. */
export function listPriceOf(
  skus: readonly string[] | undefined,
  products: ReadonlyMap<string, ProductView>,
): number | null {
  if (!skus || skus.length === 0) return null;
  return priceBundle(skus, 0, (sku) => products.get(sku)?.price).listPrice;
}

type Issue = z.core.$ZodIssue;

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** A form rule that runs the schema's own check and says its first problem in the UI language. */
function schemaRule(schema: z.ZodType, describe: (issue: Issue, value: unknown) => string) {
  return {
    validator: async (_rule: unknown, value: unknown) => {
      const issue = schema.safeParse(value).error?.issues[0];
      if (issue) throw new Error(describe(issue, value));
    },
  } satisfies FormRule;
}

/** Form rules for each bundle field: the schema's checks, said in the UI language. */
export function useBundleRules(language: AppLanguage) {
  const { t } = useTranslation();
  return useMemo(() => {
    const l = bundleLimits;
    const name = (schema: z.ZodType) =>
      schemaRule(schema, (_issue, value) =>
        isBlank(value)
          ? t('bundles.validation.nameRequired')
          : t('bundles.validation.nameTooLong', { max: l.nameMax }),
      );
    return {
      bundleId: schemaRule(fields.bundleId, (issue, value) => {
        if (isBlank(value)) return t('bundles.validation.bundleIdRequired');
        if (issue.code === 'invalid_format') return t('bundles.validation.bundleIdFormat');
        return t('bundles.validation.bundleIdLength', { min: l.idMin, max: l.idMax });
      }),
      nameZh: name(fields.name.shape.zhCN),
      nameEn: name(fields.name.shape.en),
      skus: schemaRule(fields.skus, () =>
        t('bundles.validation.itemsCount', { min: l.skusMin, max: l.skusMax }),
      ),
      bundlePrice: schemaRule(fields.bundlePrice, (issue, value) => {
        if (isBlank(value)) return t('bundles.validation.priceRequired');
        if (issue.code === 'too_small') return t('bundles.validation.pricePositive');
        if (issue.code === 'too_big') {
          return t('bundles.validation.priceTooLarge', { max: formatCny(l.priceMax, language) });
        }
        return t('bundles.validation.priceDecimals');
      }),
      validity: {
        validator: async (_rule: unknown, value: unknown) => {
          const days = value as [Dayjs | null, Dayjs | null] | null | undefined;
          if (!days?.[0] || !days[1]) throw new Error(t('bundles.validation.validityRequired'));
          if (days[1].isBefore(days[0], 'day')) {
            throw new Error(t('bundles.validation.validityOrder'));
          }
        },
      } satisfies FormRule,
      stock: schemaRule(fields.stock, (_issue, value) =>
        isBlank(value)
          ? t('bundles.validation.stockRequired')
          : t('bundles.validation.stockRange', { max: l.stockMax }),
      ),
    };
  }, [t, language]);
}

/**
 * What to tell the supervisor about a failed save: a sentence in the UI language and, for a
 * validation failure the client did not catch itself, the server's own words as detail.
 */
export function bundleErrorText(
  t: TFunction,
  error: unknown,
  bundleId?: string,
): { sentence: string; detail: string | null } {
  if (error instanceof ApiRequestError) {
    if (error.code === ErrorCode.BundleExists && bundleId) {
      return { sentence: t('bundles.errors.bundleExists', { bundleId }), detail: null };
    }
    if (error.code === ErrorCode.Validation) {
      return { sentence: t('errors.E_VALIDATION'), detail: error.serverMessage };
    }
  }
  return { sentence: t(errorMessageKey(error)), detail: null };
}
