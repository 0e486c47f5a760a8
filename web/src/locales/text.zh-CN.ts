/** 全文检索、关联信访件、智能分类建议、热点问题与答复质量检查（issue 7）的中文文案；zh-CN.ts 展开本对象，text.en.ts 持有相同的键。 */
const textZhCN = {
  'nav.search': '全文检索',
  'search.title': '全文检索', 'search.placeholder': '输入关键词，如“物业”“停车费”', 'search.submit': '检索', 'search.empty': '请输入检索词',
  'search.period': '收到时间', 'search.region': '地区', 'search.category': '问题分类', 'search.kind': '类型',
  'search.kindAll': '全部', 'search.kindPetition': '来信来访内容', 'search.kindEvent': '答复与办理意见', 'search.sort': '排序',
  'search.relevance': '按相关度', 'search.newest': '按时间（最新）', 'search.total': '共 {n} 条结果', 'search.totalEstimated': '约 {n} 条结果',
  'search.none': '没有找到匹配的内容', 'search.hint': '支持中文词语检索；两个字以上的词效果最好。',
  'kind.petition': '信访件', 'kind.event': '答复/意见',
  'related.title': '关联信访件', 'related.none': '没有发现关联或重复的信访件', 'related.of': '信访件 {code} 的关联件', 'related.score': '相似度',
  'related.reasons': '关联依据', 'related.status': '状态', 'related.confirm': '确认关联', 'related.reject': '否认关联', 'related.confirmed': '已确认关联',
  'related.rejected': '已否认关联', 'related.noRight': '您无权确认或否认关联',
  'relStatus.suggested': '待确认', 'relStatus.confirmed': '已确认', 'relStatus.rejected': '已否认',
  'classify.run': '获取建议', 'classify.title': '智能分类建议', 'classify.category': '建议分类', 'classify.unit': '建议承办单位', 'classify.confidence': '置信度 {p}%',
  'classify.words': '依据词语', 'classify.accept': '采纳', 'classify.accepted': '已采纳', 'classify.noModel': '分类模型尚未训练，暂无建议',
  'classify.hint': '填写标题和内容后即可给出建议', 'classify.alternatives': '其他可能', 'classify.unitNote': '登记后由本单位交办，可参考此建议',
  'topic.title': '热点问题（按事项聚类）', 'topic.none': '所选期间没有聚集的热点事项', 'topic.users': '{n} 位信访人',
  'hot.title': '热点问题', 'hot.none': '所选期间没有突出的热点', 'hot.count': '{n} 件', 'hot.previous': '上期 {n} 件',
  'hot.terms': '高频词',
  'reply.check': '答复质量检查', 'reply.ok': '未发现问题', 'reply.flags': '请注意以下问题', 'reply.coverage': '诉求覆盖度 {p}%',
  'reply.matched': '已回应的词语', 'reply.needText': '请先填写答复内容',
};
export default textZhCN;
