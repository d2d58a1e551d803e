/**
 * Traditional → simplified Chinese for the characters shoppers type in a shop chat (prices,
 * shipping, returns, quality, rooms, family, the products), one character for one character so
 * that offsets into the original text survive. Not a full converter: words that change in more
 * than spelling (甚麼 → 什么) are not covered, and a character that is also in everyday
 * simplified use with another meaning (著 as in 著名) is left as it is.
 * TRADITIONAL[i] becomes SIMPLIFIED[i].
 */
const TRADITIONAL = [
  '愛礙襖罷擺敗辦幫綁寶報飽貝備輩筆畢邊變標錶別賓餅撥補財參倉層產嘗嚐長場廠徹塵襯稱誠遲齒衝蟲籌醜處觸傳創詞辭從聰湊錯達帶單',
  '擔當擋島導燈敵遞點電墊調疊頂訂東動凍鬥獨讀斷隊對噸頓奪兒爾餓發髮罰範飯訪紡飛廢費紛風豐膚婦復複負該蓋乾幹趕剛鋼個給貢溝構',
  '購夠穀顧颳掛關觀館慣廣規櫃貴國過還漢號紅後壺護話劃畫壞歡環換謊揮輝匯會夥獲貨禍擊機積極幾濟計記際繼紀夾價駕間簡揀見薦鑑將',
  '獎講醬膠澆腳餃較階節潔結緊僅進盡勁經驚淨鏡競舊舉劇據懼捲覺絕軍開顆殼課懇褲誇塊寬礦虧擴闊來藍蘭攔欄爛勞樂類淚離禮裡裏歷曆',
  '麗厲勵連聯簾憐臉練糧涼兩輛諒療獵鄰臨靈齡領劉龍樓錄爐陸綠濾亂輪論羅邏買賣麥滿貓門們夢謎綿麵滅廟鳴難腦鬧內擬膩鳥寧農濃諾歐',
  '盤賠噴蘋憑評撲鋪樸齊騎啟氣棄遷簽錢淺槍牆搶橋親輕傾請慶窮區趨權勸確讓饒擾熱認榮軟銳潤灑賽傘掃殺紗曬傷燒紹捨設攝審聲勝繩聖',
  '師濕溼詩時實識駛勢適釋飾視試壽書輸術樹數帥雙誰稅順說碩絲飼訴雖隨歲孫損縮鎖態談歎湯燙討騰題體條貼鐵廳聽頭圖塗團託駝襪彎灣',
  '萬網為爲偽衛維違圍謂溫聞紋穩問臥烏無務誤霧係繫戲細蝦嚇鹹顯險現線縣獻鄉詳響項銷曉協寫瀉謝鋅興選學詢尋訓訊壓鴨亞啞煙嚴鹽顏',
  '驗陽癢樣搖遙藥葉頁業醫儀遺億憶藝議譯異陰銀飲隱應營贏傭擁優憂郵猶遊魚於與語預園員圓緣遠願約躍閱雲運暈雜災載暫讚贊髒臟則擇',
  '責贈閘詐債盞戰張漲帳賬脹這針診鎮陣爭徵證織職執紙質鐘鍾種眾週軸豬燭囑築專轉賺莊裝壯狀準資總縱組鑽麼嗎沒惡噁纔歸懷慮決譜隻',
  '衹臺檯颱續況償鬆貿碼啓囉嘍餘韓衆綫鏽銹鋁鍋滬蘇峽廈奮澀靜紐釘膽頻擰驅壩黴蟎黃鹼氫寢廚窩鐳紮絨縫鏈貸幣額卻雞嬰寵嚮餵湧閃騙',
  '擱閉閑閒攤辯貳贗脫測糾',
].join('');

const SIMPLIFIED = [
  '爱碍袄罢摆败办帮绑宝报饱贝备辈笔毕边变标表别宾饼拨补财参仓层产尝尝长场厂彻尘衬称诚迟齿冲虫筹丑处触传创词辞从聪凑错达带单',
  '担当挡岛导灯敌递点电垫调叠顶订东动冻斗独读断队对吨顿夺儿尔饿发发罚范饭访纺飞废费纷风丰肤妇复复负该盖干干赶刚钢个给贡沟构',
  '购够谷顾刮挂关观馆惯广规柜贵国过还汉号红后壶护话划画坏欢环换谎挥辉汇会伙获货祸击机积极几济计记际继纪夹价驾间简拣见荐鉴将',
  '奖讲酱胶浇脚饺较阶节洁结紧仅进尽劲经惊净镜竞旧举剧据惧卷觉绝军开颗壳课恳裤夸块宽矿亏扩阔来蓝兰拦栏烂劳乐类泪离礼里里历历',
  '丽厉励连联帘怜脸练粮凉两辆谅疗猎邻临灵龄领刘龙楼录炉陆绿滤乱轮论罗逻买卖麦满猫门们梦谜绵面灭庙鸣难脑闹内拟腻鸟宁农浓诺欧',
  '盘赔喷苹凭评扑铺朴齐骑启气弃迁签钱浅枪墙抢桥亲轻倾请庆穷区趋权劝确让饶扰热认荣软锐润洒赛伞扫杀纱晒伤烧绍舍设摄审声胜绳圣',
  '师湿湿诗时实识驶势适释饰视试寿书输术树数帅双谁税顺说硕丝饲诉虽随岁孙损缩锁态谈叹汤烫讨腾题体条贴铁厅听头图涂团托驼袜弯湾',
  '万网为为伪卫维违围谓温闻纹稳问卧乌无务误雾系系戏细虾吓咸显险现线县献乡详响项销晓协写泻谢锌兴选学询寻训讯压鸭亚哑烟严盐颜',
  '验阳痒样摇遥药叶页业医仪遗亿忆艺议译异阴银饮隐应营赢佣拥优忧邮犹游鱼于与语预园员圆缘远愿约跃阅云运晕杂灾载暂赞赞脏脏则择',
  '责赠闸诈债盏战张涨账账胀这针诊镇阵争征证织职执纸质钟钟种众周轴猪烛嘱筑专转赚庄装壮状准资总纵组钻么吗没恶恶才归怀虑决谱只',
  '只台台台续况偿松贸码启啰喽余韩众线锈锈铝锅沪苏峡厦奋涩静纽钉胆频拧驱坝霉螨黄碱氢寝厨窝镭扎绒缝链贷币额却鸡婴宠向喂涌闪骗',
  '搁闭闲闲摊辩贰赝脱测纠',
].join('');

/** Pairs of UTF-16 code units: traditional → simplified. */
export function traditionalToSimplifiedPairs(): Array<[number, number]> {
  if (TRADITIONAL.length !== SIMPLIFIED.length) {
    throw new Error('traditional-simplified: the two tables differ in length');
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < TRADITIONAL.length; i++) {
    pairs.push([TRADITIONAL.charCodeAt(i), SIMPLIFIED.charCodeAt(i)]);
  }
  return pairs;
}
