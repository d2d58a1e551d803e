import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Switch,
  Typography,
  type FormRule,
  type InputRef,
} from 'antd';
import 'dayjs/locale/zh-cn';
import { useMemo, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { bundleLimits, type StaffBundleView } from '../../../../../shared/schemas/bundle';
import type { ProductView } from '../../../../../shared/schemas/catalog';
import type { AppLanguage } from '../../../app/i18n';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { localize } from '../../shop/catalog';
import { formatCny } from '../../shop/format';
import {
  bundleErrorText,
  defaultValidity,
  listPriceOf,
  normalizeBundleId,
  sameBundleInput,
  toBundleInput,
  useBundleRules,
  validityDays,
  type BundleFormValues,
} from './bundle-form';
import { bundleInput, useCreateBundle, useUpdateBundle } from './bundles-api';

interface ProductOption {
  value: string;
  label: string;
  /** What typing in the picker searches: both names and the SKU. */
  search: string;
  price: number;
}

function productOptions(products: readonly ProductView[], language: AppLanguage): ProductOption[] {
  return products.map((p) => ({
    value: p.sku,
    label: localize(p.name, language),
    search: `${p.name.zhCN} ${p.name.en} ${p.sku}`.toLowerCase(),
    price: p.price,
  }));
}

function SaveError({ error, bundleId }: { error: unknown; bundleId?: string }) {
  const { t } = useTranslation();
  const { sentence, detail } = bundleErrorText(t, error, bundleId);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="bundle-form-error"
      title={sentence}
      description={detail ?? undefined}
      style={{ marginBottom: 16 }}
    />
  );
}

/** The list price and saving of what is picked so far, as the shopper would see them. */
function PricePreview({ products }: { products: ReadonlyMap<string, ProductView> }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const form = Form.useFormInstance<BundleFormValues>();
  const skus = Form.useWatch('skus', form);
  const price = Form.useWatch('bundlePrice', form);
  const list = listPriceOf(skus, products);
  if (list === null) return null;
  const saving = typeof price === 'number' ? Math.round((list - price) * 100) / 100 : null;
  return (
    <Typography.Text type="secondary" data-testid="bundle-price-preview">
      {t('bundles.form.pricePreview', {
        list: formatCny(list, language),
        saving: saving !== null && saving > 0 ? formatCny(saving, language) : '—',
      })}
    </Typography.Text>
  );
}

function BundleForm({
  bundle,
  bundles,
  products,
  firstField,
  onDone,
}: {
  /** The bundle being edited; a new one when undefined. */
  bundle: StaffBundleView | undefined;
  bundles: readonly StaffBundleView[];
  products: readonly ProductView[];
  firstField: RefObject<InputRef | null>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { message: toast } = App.useApp();
  const rules = useBundleRules(language);
  const create = useCreateBundle();
  const update = useUpdateBundle();
  const [form] = Form.useForm<BundleFormValues>();
  const editing = bundle !== undefined;
  const save = editing ? update : create;
  const l = bundleLimits;

  const bySku = useMemo(() => new Map(products.map((p) => [p.sku, p])), [products]);
  const options = useMemo(() => productOptions(products, language), [products, language]);

  const notTaken: FormRule = {
    validator: async (_rule, value: unknown) => {
      const id = normalizeBundleId(value);
      if (bundles.some((b) => b.bundleId === id)) {
        throw new Error(t('bundles.validation.bundleIdTaken'));
      }
    },
  };
  const belowListPrice: FormRule = ({ getFieldValue }) => ({
    validator: async (_rule, value: unknown) => {
      const list = listPriceOf(getFieldValue('skus') as string[] | undefined, bySku);
      if (typeof value === 'number' && list !== null && value >= list) {
        throw new Error(t('bundles.validation.priceTooHigh', { list: formatCny(list, language) }));
      }
    },
  });

  const submit = (values: BundleFormValues) => {
    const input = toBundleInput(values, bundle);
    if (!bundle) {
      const bundleId = normalizeBundleId(values.bundleId);
      create.mutate(
        { ...input, bundleId },
        {
          onSuccess: (created) => {
            void toast.success(t('bundles.created', { name: localize(created.name, language) }));
            onDone();
          },
        },
      );
      return;
    }
    const name = localize(bundle.name, language);
    if (sameBundleInput(input, bundleInput(bundle))) {
      void toast.info(t('bundles.noChanges'));
      onDone();
      return;
    }
    update.mutate(
      { bundleId: bundle.bundleId, input },
      {
        onSuccess: () => {
          void toast.success(t('bundles.saved', { name }));
          onDone();
        },
      },
    );
  };

  const initialValues: Partial<BundleFormValues> = bundle
    ? {
        name: { ...bundle.name },
        skus: [...bundle.skus],
        bundlePrice: bundle.bundlePrice,
        validity: validityDays(bundle),
        stock: bundle.stock,
        active: bundle.active,
      }
    : { skus: [], validity: defaultValidity(), active: true };

  return (
    <Form<BundleFormValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={initialValues}
      onFinish={submit}
      data-testid={editing ? 'edit-bundle-form' : 'create-bundle-form'}
    >
      {save.isError && (
        <SaveError error={save.error} bundleId={bundle?.bundleId ?? create.variables?.bundleId} />
      )}
      {!editing && (
        <Form.Item
          name="bundleId"
          label={t('bundles.form.bundleId')}
          extra={t('bundles.form.bundleIdHelp')}
          rules={[rules.bundleId, notTaken]}
          normalize={(value: string) => value.toUpperCase()}
        >
          <Input ref={firstField} autoFocus autoComplete="off" spellCheck={false} />
        </Form.Item>
      )}
      <Form.Item name={['name', 'zhCN']} label={t('bundles.form.nameZh')} rules={[rules.nameZh]}>
        <Input ref={editing ? firstField : undefined} autoFocus={editing} autoComplete="off" />
      </Form.Item>
      <Form.Item name={['name', 'en']} label={t('bundles.form.nameEn')} rules={[rules.nameEn]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="skus"
        label={t('bundles.form.items')}
        extra={t('bundles.form.itemsHelp', { min: l.skusMin, max: l.skusMax })}
        rules={[rules.skus]}
      >
        <Select<string[], ProductOption>
          mode="multiple"
          options={options}
          maxCount={l.skusMax}
          placeholder={t('bundles.form.itemsPlaceholder')}
          showSearch={{
            filterOption: (input, option) =>
              option?.search.includes(input.trim().toLowerCase()) ?? false,
          }}
          optionRender={(option) => (
            <Flex justify="space-between" gap={8}>
              <Typography.Text ellipsis>
                {option.data.label}{' '}
                <Typography.Text type="secondary">{option.data.value}</Typography.Text>
              </Typography.Text>
              <Typography.Text type="secondary">
                {formatCny(option.data.price, language)}
              </Typography.Text>
            </Flex>
          )}
          data-testid="bundle-items"
        />
      </Form.Item>
      <Form.Item
        name="bundlePrice"
        label={t('bundles.form.bundlePrice')}
        extra={
          <Flex vertical>
            <span>{t('bundles.form.bundlePriceHelp')}</span>
            <PricePreview products={bySku} />
          </Flex>
        }
        dependencies={['skus']}
        rules={[rules.bundlePrice, belowListPrice]}
      >
        <InputNumber min={0} max={l.priceMax} precision={2} step={1} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="validity"
        label={t('bundles.form.validity')}
        extra={t('bundles.form.validityHelp')}
        rules={[rules.validity]}
      >
        <DatePicker.RangePicker
          allowClear={false}
          placeholder={[t('bundles.form.validityStart'), t('bundles.form.validityEnd')]}
        />
      </Form.Item>
      <Form.Item
        name="stock"
        label={t('bundles.form.stock')}
        extra={t('bundles.form.stockHelp')}
        rules={[rules.stock]}
      >
        <InputNumber min={0} max={l.stockMax} precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="active"
        label={t('bundles.form.active')}
        valuePropName="checked"
        extra={t('bundles.form.activeHelp')}
      >
        <Switch
          checkedChildren={t('bundles.status.onSale')}
          unCheckedChildren={t('bundles.status.offSale')}
        />
      </Form.Item>
      <Flex gap={8} justify="end">
        <Button onClick={onDone}>{t('bundles.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {editing ? t('bundles.save') : t('bundles.create')}
        </Button>
      </Flex>
    </Form>
  );
}

/** A side panel with the bundle form; it opens with the first field focused and forgets on close. */
export function BundleDrawer({
  open,
  bundle,
  bundles,
  products,
  onClose,
}: {
  open: boolean;
  /** The bundle being edited (it stays set while the drawer slides shut); undefined to create. */
  bundle: StaffBundleView | undefined;
  bundles: readonly StaffBundleView[];
  products: readonly ProductView[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const firstField = useRef<InputRef>(null);
  return (
    <Drawer
      open={open}
      title={
        bundle
          ? t('bundles.editTitle', { name: localize(bundle.name, language) })
          : t('bundles.createTitle')
      }
      onClose={onClose}
      size={520}
      destroyOnHidden
      // The panel would take the focus from the first field otherwise.
      autoFocus={false}
      afterOpenChange={(visible) => {
        if (visible) firstField.current?.focus();
      }}
    >
      <BundleForm
        key={bundle?.bundleId ?? 'new'}
        bundle={bundle}
        bundles={bundles}
        products={products}
        firstField={firstField}
        onDone={onClose}
      />
    </Drawer>
  );
}
