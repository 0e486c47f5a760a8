import type textZhCN from './text.zh-CN.ts';
/** English for search, related petitions, classification suggestions, hotspots and the reply check: the same keys as text.zh-CN.ts. */
const textEn: Record<keyof typeof textZhCN, string> = {
  'nav.search': 'Search',
  'search.title': 'Full-text search', 'search.placeholder': 'Words to find, e.g. 物业 or 停车费', 'search.submit': 'Search', 'search.empty': 'Type something to search for',
  'search.period': 'Received', 'search.region': 'Region', 'search.category': 'Category', 'search.kind': 'Kind',
  'search.kindAll': 'All', 'search.kindPetition': 'Petition texts', 'search.kindEvent': 'Replies and opinions', 'search.sort': 'Sort',
  'search.relevance': 'Relevance', 'search.newest': 'Newest first', 'search.total': '{n} results', 'search.totalEstimated': 'About {n} results',
  'search.none': 'Nothing matches', 'search.hint': 'Chinese words are matched; two characters or more work best.',
  'kind.petition': 'Petition', 'kind.event': 'Reply/opinion',
  'related.title': 'Related petitions', 'related.none': 'No related or repeat petitions found', 'related.of': 'Related to petition {code}', 'related.score': 'Similarity',
  'related.reasons': 'Why', 'related.status': 'Status', 'related.confirm': 'Confirm link', 'related.reject': 'Not related', 'related.confirmed': 'Link confirmed',
  'related.rejected': 'Marked as not related', 'related.noRight': 'You may not confirm or reject links',
  'relStatus.suggested': 'Suggested', 'relStatus.confirmed': 'Confirmed', 'relStatus.rejected': 'Rejected',
  'classify.run': 'Suggest', 'classify.title': 'Suggested classification', 'classify.category': 'Category', 'classify.unit': 'Responsible unit', 'classify.confidence': 'confidence {p}%',
  'classify.words': 'Driving words', 'classify.accept': 'Accept', 'classify.accepted': 'Accepted', 'classify.noModel': 'No classification model trained yet',
  'classify.hint': 'Suggestions come once the title and content are typed', 'classify.alternatives': 'Alternatives', 'classify.unitNote': 'Your unit assigns after registration; for reference',
  'topic.title': 'Hot topics (clustered by place and problem)', 'topic.none': 'No clustered topic in this period', 'topic.users': '{n} petitioners',
  'hot.title': 'Hotspots', 'hot.none': 'No hotspot in this period', 'hot.count': '{n} petitions', 'hot.previous': 'previously {n}',
  'hot.terms': 'Top words',
  'reply.check': 'Check reply quality', 'reply.ok': 'No problem found', 'reply.flags': 'Please look at', 'reply.coverage': 'Covers {p}% of the petition\'s points',
  'reply.matched': 'Words addressed', 'reply.needText': 'Write the reply first',
};
export default textEn;
