import {
  dashboardSchema,
  type Dashboard,
  type KpiSet,
  type Ratio,
  type ScriptEffect,
} from '../../../../../shared/schemas/dashboard';

/** A ratio as the server sends it: null when there is nothing to divide by. */
const ratio = (numerator: number, denominator: number): Ratio => ({
  value: denominator === 0 ? null : numerator / denominator,
  numerator,
  denominator,
});

const noObjections = {
  price: 0,
  quality: 0,
  fit: 0,
  hesitation: 0,
  competitor: 0,
  shipping: 0,
  after_sales: 0,
};

/**
 * The period's totals, worked out by hand:
 *   conversion 12 ÷ 40 = 30.0%; order value ¥3,456.50 ÷ 12 = ¥288.04;
 *   first response 2,600,000 ms ÷ 40 = 65 s = "1 min 05 s" (total 43 min 20 s);
 *   response 5,400,000 ms ÷ 120 = 45 s; answer ratio 300 ÷ 250 = 120.0%;
 *   handle 36,192,000 ms ÷ 48 = 754 s = "12 min 34 s"; offers 15 ÷ 30 = 50.0%;
 *   satisfaction 86 ÷ 20 = 4.3; refunds 0 ÷ 0 = no data.
 */
export const totals: KpiSet = {
  chats: 48,
  conversion: ratio(12, 40),
  averageOrderValue: ratio(3456.5, 12),
  firstResponseMs: ratio(2_600_000, 40),
  averageResponseMs: ratio(5_400_000, 120),
  answerRatio: ratio(300, 250),
  handleMs: ratio(36_192_000, 48),
  offerAcceptance: ratio(15, 30),
  satisfaction: ratio(86, 20),
  refundRate: ratio(0, 0),
  sales: 3456.5,
};

/** An agent's KPIs where only the conversion, chats and sales matter to the tests. */
function agentKpis(chats: number, purchased: number, asked: number, sales: number): KpiSet {
  return {
    ...totals,
    chats,
    conversion: ratio(purchased, asked),
    averageOrderValue: ratio(sales, purchased),
    sales,
  };
}

// Wilson 95% intervals, z = 1.96: 14/40 → 22.13%–50.49%; 9/36 → 13.75%–41.07%;
// 12/31 → 23.73%–56.18%.
const anchorBase: ScriptEffect = {
  scriptId: 'price-value-anchor',
  version: 2,
  variant: 'base',
  used: 40,
  won: 14,
  winRate: 0.35,
  interval: { low: 0.2213, high: 0.5049 },
  enoughData: true,
};
const anchorWarm: ScriptEffect = {
  scriptId: 'price-value-anchor',
  version: 2,
  variant: 'warm-open',
  used: 36,
  won: 9,
  winRate: 0.25,
  interval: { low: 0.1375, high: 0.4107 },
  enoughData: true,
};
const pitchBase: ScriptEffect = {
  scriptId: 'bundle-pitch',
  version: 1,
  variant: 'base',
  used: 31,
  won: 12,
  winRate: 12 / 31,
  interval: { low: 0.2373, high: 0.5618 },
  enoughData: true,
};
const pitchShort: ScriptEffect = {
  scriptId: 'bundle-pitch',
  version: 1,
  variant: 'short',
  used: 8,
  won: 5,
  winRate: 5 / 8,
  interval: null,
  enoughData: false,
};
const greeting: ScriptEffect = {
  scriptId: 'greeting-warm',
  version: 1,
  variant: 'base',
  used: 12,
  won: 2,
  winRate: 2 / 12,
  interval: null,
  enoughData: false,
};

export const dashboard: Dashboard = dashboardSchema.parse({
  query: { from: '2025-11-01', to: '2025-11-30' },
  totals,
  byAgent: [
    // Conversion: agent1 7 ÷ 20 = 35.0%, agent2 5 ÷ 20 = 25.0%, agent3 no shopper asked (—).
    { agentId: 'agent1', agentName: '王小美', kpis: agentKpis(24, 7, 20, 2016.5) },
    { agentId: 'agent2', agentName: 'Li Ming', kpis: agentKpis(22, 5, 20, 1440) },
    { agentId: 'agent3', agentName: 'Zhao Lei', kpis: agentKpis(2, 0, 0, 0) },
  ],
  byDay: [
    { day: '2025-11-03', kpis: agentKpis(20, 5, 16, 1500) },
    { day: '2025-11-04', kpis: agentKpis(28, 7, 24, 1956.5) },
  ],
  // Step conversions: 40/48 = 83.3%, 25/40 = 62.5%, 15/25 = 60.0%, 12/15 = 80.0%.
  funnel: { chats: 48, engaged: 40, offerPresented: 25, accepted: 15, purchased: 12 },
  objectionsByDay: [
    { day: '2025-11-03', counts: { ...noObjections, price: 3, shipping: 1 } },
    { day: '2025-11-04', counts: { ...noObjections, price: 2, quality: 1 } },
  ],
  scripts: [pitchShort, pitchBase, anchorBase, anchorWarm, greeting],
  abTests: [
    { scriptId: 'price-value-anchor', version: 2, variants: [anchorBase, anchorWarm] },
    { scriptId: 'bundle-pitch', version: 1, variants: [pitchBase, pitchShort] },
  ],
  minSample: 30,
  tookMs: 12,
});

/** The same range with no closed chat at all. */
export const emptyDashboard: Dashboard = dashboardSchema.parse({
  ...dashboard,
  totals: {
    ...totals,
    chats: 0,
    conversion: ratio(0, 0),
    averageOrderValue: ratio(0, 0),
    firstResponseMs: ratio(0, 0),
    averageResponseMs: ratio(0, 0),
    answerRatio: ratio(0, 0),
    handleMs: ratio(0, 0),
    offerAcceptance: ratio(0, 0),
    satisfaction: ratio(0, 0),
    refundRate: ratio(0, 0),
    sales: 0,
  },
  byAgent: [],
  byDay: [],
  funnel: { chats: 0, engaged: 0, offerPresented: 0, accepted: 0, purchased: 0 },
  objectionsByDay: [],
  scripts: [],
  abTests: [],
});
