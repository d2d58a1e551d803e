/** The demo shop's catalogue: a small home-appliance web shop (小家电网店). Prices in CNY. */
import { productCategorySchema, type ProductCategory } from '../../../shared/schemas/catalog';

export const categories = productCategorySchema.options;
export type Category = ProductCategory;

export interface CatalogProduct {
  sku: string;
  category: Category;
  name: { zhCN: string; en: string };
  description: { zhCN: string; en: string };
  price: number;
  cost: number;
  stock: number;
  /** Appliances last years; filters, fragrance and refills are bought again and again. */
  durable: boolean;
  /** For consumables: the SKUs of the appliances they fit (a filter fits only its models). */
  fitsSkus: string[];
  imageUrl: string;
}

// [zhCN, en, price, SKUs the consumable fits]
type Row = [zhCN: string, en: string, price: number, fits?: string[]];

const aromaHumidifiers = ['HUM-001', 'HUM-002', 'HUM-004', 'HUM-005', 'HUM-006', 'HUM-007'];

const rows: Record<Category, Row[]> = {
  humidifier: [
    ['静音超声波加湿器 4L', 'Quiet Ultrasonic Humidifier 4L', 199],
    ['上加水大雾量加湿器 6L', 'Top-Fill High-Mist Humidifier 6L', 299],
    ['无雾蒸发式加湿器', 'Mist-Free Evaporative Humidifier', 499],
    ['智能恒湿加湿器 5L', 'Smart Constant-Humidity Humidifier 5L', 399],
    ['母婴除菌加湿器', 'Baby-Safe Sterilising Humidifier', 599],
    ['桌面香薰加湿器 300ml', 'Desktop Aroma Humidifier 300ml', 99],
    ['落地式加湿器 12L', 'Floor-Standing Humidifier 12L', 899],
    ['便携USB小加湿器', 'Portable USB Mini Humidifier', 59],
  ],
  air_purifier: [
    ['除甲醛空气净化器 S1', 'Formaldehyde Air Purifier S1', 899],
    ['家用空气净化器 Pro', 'Home Air Purifier Pro', 1299],
    ['卧室静音净化器 Mini', 'Quiet Bedroom Purifier Mini', 599],
    ['宠物家庭净化器', 'Pet-Home Air Purifier', 1499],
    ['大空间净化器 Max', 'Large-Room Purifier Max', 2499],
    ['车载空气净化器', 'In-Car Air Purifier', 199],
    ['除菌净化器 UV', 'UV Sterilising Purifier', 1699],
    ['桌面负离子净化器', 'Desktop Ionic Purifier', 299],
  ],
  filter: [
    [
      '加湿器抗菌滤芯（4L/6L通用）',
      'Antibacterial Humidifier Filter (4L/6L)',
      39.9,
      ['HUM-001', 'HUM-002'],
    ],
    ['蒸发式加湿器替换滤网', 'Evaporative Humidifier Replacement Wick', 69, ['HUM-003']],
    ['加湿器净水滤芯 3只装', 'Humidifier Water Filter, 3-pack', 49.9, ['HUM-004', 'HUM-007']],
    ['母婴加湿器专用滤芯', 'Baby-Safe Humidifier Filter', 59, ['HUM-005']],
    ['净化器复合滤网 S1/Mini', 'Purifier Composite Filter S1/Mini', 129, ['AIR-001', 'AIR-003']],
    ['净化器 HEPA 滤网 Pro/UV', 'Purifier HEPA Filter Pro/UV', 199, ['AIR-002', 'AIR-007']],
    ['宠物净化器除味滤网', 'Pet Purifier Odour Filter', 169, ['AIR-004']],
    ['大空间净化器滤网 Max', 'Large-Room Purifier Filter Max', 259, ['AIR-005']],
  ],
  fragrance: [
    ['薰衣草香薰精油 10ml', 'Lavender Aroma Oil 10ml', 29.9, aromaHumidifiers],
    ['柠檬草香薰精油 10ml', 'Lemongrass Aroma Oil 10ml', 29.9, aromaHumidifiers],
    ['白茶助眠香薰 3瓶装', 'White Tea Sleep Aroma, 3-pack', 69, aromaHumidifiers],
    ['桂花香薰精油 10ml', 'Osmanthus Aroma Oil 10ml', 35, aromaHumidifiers],
    ['雪松木质香薰 10ml', 'Cedarwood Aroma Oil 10ml', 39, aromaHumidifiers],
    ['尤加利清新香薰 10ml', 'Eucalyptus Aroma Oil 10ml', 32.9, aromaHumidifiers],
    ['四季香薰礼盒 4瓶装', 'Four Seasons Aroma Gift Box, 4-pack', 99, aromaHumidifiers],
    ['婴童可用植物香薰', 'Child-Safe Plant Aroma', 45, ['HUM-005']],
  ],
  heater: [
    ['暖风机 小型家用', 'Compact Fan Heater', 159],
    ['石墨烯取暖器', 'Graphene Panel Heater', 699],
    ['油汀取暖器 13片', 'Oil-Filled Radiator, 13 fins', 499],
    ['浴室防水暖风机', 'Waterproof Bathroom Heater', 299],
    ['踢脚线取暖器', 'Skirting Convector Heater', 599],
    ['桌下暖脚器', 'Under-Desk Foot Warmer', 129],
    ['远红外取暖器', 'Far-Infrared Heater', 399],
    ['智能变频暖风机', 'Smart Inverter Fan Heater', 999],
  ],
  kettle: [
    ['不锈钢电热水壶 1.7L', 'Stainless Electric Kettle 1.7L', 89],
    ['恒温调奶器 1.2L', 'Constant-Temperature Baby Formula Kettle 1.2L', 199],
    ['玻璃养生壶', 'Glass Health Kettle', 169],
    ['便携折叠烧水壶', 'Portable Folding Kettle', 139],
    ['智能温控电水壶', 'Smart Temperature-Control Kettle', 259],
    ['煮茶器 蒸汽喷淋', 'Steam Tea Brewer', 299],
    ['双层防烫电热水壶', 'Double-Wall Cool-Touch Kettle', 129],
    ['即热饮水机 台式', 'Instant Hot Water Dispenser', 399],
  ],
  fan: [
    ['空气循环扇', 'Air Circulator Fan', 299],
    ['无叶风扇', 'Bladeless Fan', 699],
    ['落地扇 静音款', 'Quiet Pedestal Fan', 199],
    ['桌面小风扇 USB', 'USB Desk Fan', 49],
    ['塔扇 遥控款', 'Tower Fan with Remote', 259],
    ['挂脖风扇', 'Neck Fan', 89],
    ['冷风扇 加冰款', 'Evaporative Air Cooler', 399],
    ['直流变频落地扇', 'DC Inverter Pedestal Fan', 459],
  ],
  dehumidifier: [
    ['家用除湿机 12L/天', 'Home Dehumidifier 12L/day', 999],
    ['衣柜除湿器 迷你', 'Wardrobe Mini Dehumidifier', 199],
    ['地下室除湿机 30L/天', 'Basement Dehumidifier 30L/day', 2199],
    ['静音除湿机 卧室款', 'Quiet Bedroom Dehumidifier', 799],
    ['干衣除湿一体机', 'Laundry-Drying Dehumidifier', 1499],
    ['智能除湿机 20L/天', 'Smart Dehumidifier 20L/day', 1299],
    ['浴室除湿器', 'Bathroom Dehumidifier', 699],
    ['除湿袋替换装 10袋', 'Moisture Absorber Refills, 10 bags', 39.9, []],
  ],
};

const prefixes: Record<Category, string> = {
  humidifier: 'HUM',
  air_purifier: 'AIR',
  filter: 'FLT',
  fragrance: 'FRG',
  heater: 'HTR',
  kettle: 'KTL',
  fan: 'FAN',
  dehumidifier: 'DHM',
};

const round2 = (n: number) => Math.round(n * 100) / 100;

export const catalogProducts: CatalogProduct[] = categories.flatMap((category) =>
  rows[category].map(([zhCN, en, price, fits], i) => {
    const sku = `${prefixes[category]}-${String(i + 1).padStart(3, '0')}`;
    // Stock is spread deterministically; a few items run low or out to make stock matter.
    const stock =
      (i * 37 + category.length * 11) % 9 === 0 ? 0 : 8 + ((i * 53 + Math.round(price)) % 240);
    return {
      sku,
      category,
      name: { zhCN, en },
      description: {
        zhCN: `${zhCN}，正品保障，7天无理由退换，全国包邮。`,
        en: `${en}. Genuine product, 7-day no-questions returns, free shipping.`,
      },
      price,
      cost: round2(price * (fits ? 0.35 : 0.6)),
      stock,
      durable: !fits,
      fitsSkus: fits ?? [],
      imageUrl: `/shop-images/${category}.svg`,
    };
  }),
);

export interface CatalogBundle {
  bundleId: string;
  /** The first SKU is the main item: shoppers who pick it are the ones offered the bundle. */
  name: { zhCN: string; en: string };
  skus: string[];
  bundlePrice: number;
  stock: number;
}

export const catalogBundles: CatalogBundle[] = [
  {
    bundleId: 'B-HUM-CARE',
    name: { zhCN: '加湿器滋润套装', en: 'Humidifier Care Set' },
    skus: ['HUM-001', 'FLT-001', 'FRG-001'],
    bundlePrice: 239,
    stock: 120,
  },
  {
    bundleId: 'B-HUM-SMART',
    name: { zhCN: '智能恒湿全家福', en: 'Smart Humidity Family Set' },
    skus: ['HUM-004', 'FLT-003', 'FRG-003'],
    bundlePrice: 469,
    stock: 80,
  },
  {
    bundleId: 'B-BABY',
    name: { zhCN: '母婴安心套装', en: 'Baby Comfort Set' },
    skus: ['HUM-005', 'FLT-004', 'FRG-008'],
    bundlePrice: 649,
    stock: 60,
  },
  {
    bundleId: 'B-AIR-YEAR',
    name: { zhCN: '净化器 Pro 备用滤网套装', en: 'Purifier Pro with Spare Filter' },
    skus: ['AIR-002', 'FLT-006'],
    bundlePrice: 1399,
    stock: 50,
  },
  {
    bundleId: 'B-WINTER',
    name: { zhCN: '冬季暖润组合', en: 'Winter Warm & Moist Combo' },
    skus: ['HTR-002', 'HUM-002'],
    bundlePrice: 929,
    stock: 40,
  },
  {
    bundleId: 'B-SUMMER',
    name: { zhCN: '夏日清爽组合', en: 'Summer Fresh Combo' },
    skus: ['FAN-001', 'DHM-004'],
    bundlePrice: 1019,
    stock: 40,
  },
];
