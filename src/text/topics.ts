/**
 * Hotspot topics (重点突出信访事项): groups messages about the same place or entity and the same problem, and ranks
 * the groups by a heat score. Pure and deterministic, no dictionary and no model.
 *
 * Method, in three steps:
 * 1. Features. Each message becomes a tf-idf vector over the bigrams and ASCII words of `tokens()` (title counted
 *    twice, then the first BODY_CHARS characters of the text, sublinear tf), plus place features: place-like names
 *    found by `placeNames()` (runs of Chinese characters ending in 小区/花园/新城/苑/路/街道/村/学校/公司/市场…, cut
 *    at function words, and the anonymised codes such as A市, A5区, A7县) and the optional `region`. Bigrams that
 *    occur in more than MAX_DF of the messages, and a short list of petition boilerplate (投诉, 反映, 问题, 咨询…),
 *    carry no weight: the vector is about what and where, not about the genre.
 * 2. Clustering, single pass in time order (the classic topic-detection-and-tracking scheme): a message joins the
 *    topic whose centroid is most similar (cosine ≥ `threshold`) unless the two name different places (a message
 *    and a topic that both name specific places must share one; names match when one is a prefix of the other,
 *    翠湖花园 ~ 翠湖花园小区) or have different `category` values; otherwise it starts a topic. A second pass merges
 *    topics whose centroids are similar (cosine ≥ `mergeThreshold`, same place rule), largest first.
 * 3. Heat (see `heatScore`): distinct users × (1 + ln(1 + votes)) × (0.5 + 0.5 × the share of the topic's messages
 *    in its busiest `windowDays` window). Users rather than messages, so one person reposting does not make a
 *    hotspot; votes on a log scale, so one viral message does not outweigh a campaign; the time factor halves the
 *    heat of a topic spread evenly over a long period against one that burst within a few weeks.
 */
import { isCjk, normalize, shingleCodes, tokens } from './tokenize.ts';

export interface TopicMessage {
  id: string;
  title: string;
  text: string;
  /** ISO time (or any Date.parse-able string: 2019/6/18 9:51:36 also works). */
  at: string;
  /** Up-votes (or any engagement count) of the message. */
  votes?: number;
  /** Author key (user id, ID-number hash): distinct users count towards the heat. Absent: each message its own user. */
  user?: string;
  /** Optional region code or name: used as a place of the message. */
  region?: string;
  /** Optional category code: messages of different categories never share a topic. */
  category?: string;
}

export interface Topic {
  /** Place + key words, e.g. "翠湖花园 · 搅拌站 噪音". */
  label: string;
  /** The most frequent specific place of the topic's messages (null when they name none). */
  place: string | null;
  /** Anonymised administrative codes most named (e.g. "A市A2区"), or null. */
  area: string | null;
  /** Key phrases of the problem, most distinctive first. */
  keywords: string[];
  /** Earliest and latest message time (ISO). */
  from: string;
  to: string;
  /** Message ids, oldest first. */
  ids: string[];
  size: number;
  users: number;
  votes: number;
  /** Share of the messages in the busiest `windowDays` window (0–1]. */
  peakShare: number;
  heat: number;
}

export interface TopicOptions {
  /** Cosine to a topic centroid for a message to join it (default 0.3). */
  threshold?: number;
  /** Cosine between two topic centroids to merge them in the second pass (default 0.4). */
  mergeThreshold?: number;
  /** Smallest topic returned (default 2 messages). */
  minSize?: number;
  /** Window of the time-concentration factor, in days (default 30). */
  windowDays?: number;
  /** Share of the title in the similarity; the rest is the text's (default 0.6). */
  titleShare?: number;
  /** How much of the text (after whitespace removal) is read (default 200 characters). */
  bodyChars?: number;
  /** How many topics to return, hottest first (default all). */
  limit?: number;
}

const BODY_CHARS = 200;
const TITLE_SHARE = 0.7;
const MAX_DF = 0.05;
const PLACE_WEIGHT = 2;
const PHRASE_WEIGHT = 2;
const DAY = 86_400_000;
/** A message is compared with the topics that share one of its PROBES heaviest features (a similar topic shares several). */
const PROBES = 12;
/** …and with at most CANDIDATES of them, those sharing most probes. */
const CANDIDATES = 40;
/** The text's vector keeps its BODY_TERMS heaviest terms. */
const BODY_TERMS = 40;
/** Codes of place names in the text's vector: above every shingle code. */
const NAME_CODE = 2 ** 31;

/** Petition boilerplate: frequent in every topic, so it says nothing about which topic. */
const STOP = new Set(('问题 反映 投诉 咨询 关于 请问 希望 领导 书记 您好 你好 市长 县长 区长 政府 相关 部门 解决 尽快 严重 请求 恳请 建议 '
  + '举报 情况 目前 现在 我们 你们 他们 一个 没有 已经 可以 什么 为什么 怎么 如何 是否 能否 谢谢 感谢 处理 要求 进行 存在 这个 '
  + '那个 因为 所以 但是 而且 如果 还是 就是 不是 时候 一直 非常 以及 对于 由于 我是 本人 请求 帮助 重视 有关 你们 给予 我们 ').split(/\s+/u).filter(Boolean));

// ---------------------------------------------------------------- place names

/** Anonymised administrative codes of this kind of data: A市, A5区, K9县, 西地省. */
const CODE = /[a-z][0-9]{0,2}[市区县]|[\u4e00-\u9fff]{2}省/gu;
/** Suffixes of place-like names, longest first within each alternation. */
const SUFFIX = /(小区|花园|家园|新城|新村|公寓|广场|大厦|大道|街道|社区|学校|小学|中学|大学|学院|幼儿园|医院|公司|集团|市场|商城|物流园|公园|苑|园|城|府|郡|湾|路|街|村|镇|乡|庄)/gu;
/** A place name does not run across these: the name starts after the last of them before its suffix. */
const CUT = /(?:关于|投诉|举报|反映|咨询|请问|建议|希望|要求|请求|恳请|位于|地处|就在|业主|居民|附近|旁边|周边|周围|门口|对面|对于|解决|处理|还有|以及|这个|那个|[在的于到从和与及对把被给向由是我了让将为或])/gu;
/** Names that are not a specific place. */
const GENERIC = /^(?:该|本|此|这|那|各|全|新|老|原|某|其|整个|其他|有关|相关|当地|所在|我们|你们|他们|一些|多个|城乡|农村|乡村|城市|政|物业|开发|施工|建筑|房地产|小|公立|私立|民办|公办|附近|周边|马|公|道|大|高|省|市|县|区)+$/u;
/** Characters after a suffix that make it part of another word (城管, 城市, 路灯, 路面, 园区 is fine). */
const NOT_AFTER: Record<string, RegExp> = { 城: /^[管市乡际区镇]/u, 路: /^[灯面费线况由过上口段边基]/u, 园: /^[林艺丁]/u, 府: /^[门]/u, 村: /^[民委干组里]/u, 镇: /^[政府长]/u, 街: /^[道头]/u };

export interface Places {
  /** Specific names (翠湖花园, 云栖园锦江苑, 石湖街道), in order of first appearance. */
  names: string[];
  /** Administrative codes (A市, A2区), in order of first appearance. */
  codes: string[];
}

/** Place-like names and administrative codes in a text (normalised as by `normalize`, codes upper-case; trailing 小区/社区 dropped from a name). */
export function placeNames(text: string): Places {
  const t = normalize(text);
  const codes: string[] = [];
  for (const m of t.matchAll(CODE)) { const c = m[0].charAt(0).toUpperCase() + m[0].slice(1); if (!codes.includes(c)) codes.push(c); }
  const names: string[] = [];
  // segments: runs of Chinese characters between codes, letters, digits and punctuation
  for (const seg of t.replace(CODE, ' ').split(/[^\u4e00-\u9fff]+/u)) {
    if (seg.length < 3) continue;
    let after0 = 0; // a name does not run back across a road or an area named before it (星沙街道|东六路)
    for (const m of seg.matchAll(SUFFIX)) {
      const end = m.index + m[0].length;
      const start0 = after0;
      if (/^(路|街|大道|街道|社区|村|镇|乡)$/u.test(m[0])) after0 = end;
      const after = seg.slice(end);
      const bad = NOT_AFTER[m[0]];
      if (bad && bad.test(after)) continue;
      let head = seg.slice(Math.max(start0, m.index - 8), m.index);
      let from = 0;
      for (const c of head.matchAll(CUT)) from = c.index + c[0].length;
      head = head.slice(from);
      if (head.length < 2 || GENERIC.test(head)) continue;
      let name = head + m[0];
      if (/^.{2,}(小区|社区)$/u.test(name) && !GENERIC.test(name.slice(0, -2))) {
        const core = name.slice(0, -2);
        if (core.length >= 2) name = core;
      }
        if (!names.includes(name)) names.push(name);
    }
  }
  return { names, codes };
}

/** Two place names denote the same place when one is a prefix of the other (翠湖花园 ~ 翠湖花园三期). */
function samePlace(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}
/** Names of sites (an estate, a school, a company, a market…), as opposed to roads and areas, which many sites share. */
const SITE = /(小区|花园|家园|新城|新村|公寓|广场|大厦|学校|小学|中学|大学|学院|幼儿园|医院|公司|集团|市场|商城|物流园|公园|苑|园|城|府|郡|湾)$/u;
function placesCompatible(a: string[], b: string[]): boolean {
  if (!a.length || !b.length) return true;
  for (const x of a) for (const y of b) if (samePlace(x, y)) return true;
  return false;
}

// ---------------------------------------------------------------- title phrases

const EDGE = /^[的了在和与及是对把被给向由我你他她它吗呢啊吧还又也都就而或等之为让将很太再]|[的了在和与及是对把被给向由我你他她它吗呢啊吧还又也都就而或等之为让将很太再]$/u;

/**
 * For each title, the phrases (3–6 characters, letters and digits included: 99网贷) it shares with at least
 * `minSupport` titles and at most `maxDf`, keeping only the longest form of a phrase (云栖万象 rather than 栖万象 when
 * nearly every title with one has the other).
 */
export function titlePhrases(titles: string[], minSupport = 3, maxDf = Infinity): string[][] {
  const per = titles.map((t) => {
    const subs = new Set<string>();
    for (const seg of normalize(t).split(/[^\p{L}\p{N}]+/u)) {
      for (let len = 3; len <= 6; len++) {
        for (let i = 0; i + len <= seg.length; i++) {
          const p = seg.slice(i, i + len);
          if (!EDGE.test(p) && !/^[a-z0-9]+$/u.test(p)) subs.add(p);
        }
      }
    }
    return subs;
  });
  const df = new Map<string, number>();
  for (const subs of per) for (const p of subs) df.set(p, (df.get(p) ?? 0) + 1);
  const dropped = new Set<string>();
  for (const [q, d] of df) {
    if (d < minSupport || q.length < 4) continue;
    for (const sub of [q.slice(1), q.slice(0, -1)]) if (d >= 0.8 * (df.get(sub) ?? Infinity)) dropped.add(sub);
  }
  return per.map((subs) => [...subs].filter((p) => { const d = df.get(p)!; return d >= minSupport && d <= maxDf && !dropped.has(p); }).sort());
}

// ---------------------------------------------------------------- vectors

/** A unit vector: term ids and weights. */
interface Vec { ids: number[]; w: number[] }

/** A message's terms before weighting: title tokens and names (counts); the text's shingle codes and names. */
interface Raw { title: Map<string, number>; body: Set<number>; bodyNames: string[]; titleNames: string[]; sites: string[]; names: string[]; codes: string[] }

const STOP_CODES = new Set([...STOP].flatMap((w) => [...shingleCodes(w)]));

function rawTerms(m: TopicMessage, bodyChars: number): Raw {
  const title = new Map<string, number>();
  const text = m.text.replace(/\s+/gu, '').slice(0, bodyChars);
  for (const w of tokens(m.title)) if (!STOP.has(w)) title.set(w, (title.get(w) ?? 0) + 1);
  const body = shingleCodes(text);
  for (const c of body) if (STOP_CODES.has(c)) body.delete(c);
  const tp = placeNames(m.title), bp = placeNames(text);
  const titleNames = m.region ? [...tp.names, m.region] : tp.names;
  const sites = titleNames.filter((x) => x === m.region || SITE.test(x));
  for (const p of titleNames) title.set('@' + p, 1);
  for (const c of tp.codes) title.set('#' + c, 1);
  return { title, body, bodyNames: bp.names, titleNames, sites, names: [...new Set([...titleNames, ...bp.names])], codes: [...new Set([...tp.codes, ...bp.codes])] };
}

/** Sum of unit vectors (a topic's centroid direction), with its squared norm kept up to date. */
class Sum {
  readonly v = new Map<number, number>();
  sq = 0;
  addVec(x: Vec) { for (let k = 0; k < x.ids.length; k++) this.addOne(x.ids[k]!, x.w[k]!); }
  addSum(o: Sum) { for (const [id, y] of o.v) this.addOne(id, y); }
  private addOne(id: number, y: number) { const old = this.v.get(id) ?? 0; this.v.set(id, old + y); this.sq += 2 * old * y + y * y; }
  /** Cosine of a unit vector with the centroid. */
  cos(x: Vec) {
    if (this.sq <= 0) return 0;
    let s = 0;
    for (let k = 0; k < x.ids.length; k++) { const y = this.v.get(x.ids[k]!); if (y !== undefined) s += x.w[k]! * y; }
    return s / Math.sqrt(this.sq);
  }
  cosSum(o: Sum) {
    if (this.sq <= 0 || o.sq <= 0) return 0;
    const [small, big] = this.v.size < o.v.size ? [this.v, o.v] : [o.v, this.v];
    let s = 0;
    for (const [id, x] of small) { const y = big.get(id); if (y !== undefined) s += x * y; }
    return s / Math.sqrt(this.sq * o.sq);
  }
}

interface Cluster {
  members: number[];
  title: Sum;
  body: Sum;
  /** Site names of the members' titles, with counts. */
  names: Map<string, number>;
  /** Probe terms of the members (how the cluster is found). */
  probes: Set<number>;
  category: string | undefined;
  alive: boolean;
}

// ---------------------------------------------------------------- heat

/**
 * Heat of a group of messages: distinct users × (1 + ln(1 + votes)) × (0.5 + 0.5 × peakShare), where peakShare is
 * the share of the messages inside the busiest window of `windowDays` days.
 */
export function heatScore(times: number[], users: number, votes: number, windowDays = 30): { heat: number; peakShare: number } {
  const ts = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < ts.length; j++) {
    while (ts[j]! - ts[i]! > windowDays * DAY) i++;
    best = Math.max(best, j - i + 1);
  }
  const peakShare = ts.length ? best / ts.length : 0;
  return { heat: users * (1 + Math.log1p(Math.max(0, votes))) * (0.5 + 0.5 * peakShare), peakShare };
}

/** Parses 2019/6/18 9:51:36, 2019-06-18 09:51:36 and ISO times; NaN when it cannot. */
function parseTime(at: string): number {
  const s = at.trim();
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/u.exec(s);
  if (m && !/[zZ+]|-\d\d:?\d\d$/u.test(s.slice(m[0].length))) {
    return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  }
  return Date.parse(s);
}

// ---------------------------------------------------------------- labels

/**
 * The key phrases of a topic: the title phrases (see `titlePhrases`) heaviest in its title centroid, then its
 * heaviest title bigrams if there are too few; none sharing a bigram with the place name or an earlier phrase, none
 * with the letters of an administrative code.
 */
function keyPhrases(centroid: Map<string, number>, place: string | null, n = 3): string[] {
  const ranked = [...centroid].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const out: string[] = [];
  const take = (w: string) => {
    if (out.length >= n || w.length < 2) return;
    const overlaps = (p: string) => [...p].some((_, i) => i + 1 < p.length && w.includes(p.slice(i, i + 2)));
    if (/[a-z]/u.test(w) || (place && overlaps(place)) || out.some(overlaps)) return;
    out.push(w);
  };
  for (const [w] of ranked) if (w.startsWith('~')) take(w.slice(1));
  for (const [w] of ranked) if (!/^[@#~]/u.test(w) && isCjk(w) && Array.from(w).length === 2) take(w);
  return out;
}

// ---------------------------------------------------------------- topics

/** Topics of a set of messages, hottest first (see the module comment for the method). */
export function topics(messages: TopicMessage[], opts: TopicOptions = {}): Topic[] {
  const threshold = opts.threshold ?? 0.3, mergeThreshold = opts.mergeThreshold ?? 0.3;
  const minSize = opts.minSize ?? 2, windowDays = opts.windowDays ?? 30, tw = opts.titleShare ?? TITLE_SHARE;
  const n = messages.length;
  const times = messages.map((m) => parseTime(m.at));
  const raw = messages.map((m) => rawTerms(m, opts.bodyChars ?? BODY_CHARS));

  // phrases shared by titles (entities without a suffix such as 云栖万象 or 99网贷, and recurring problems)
  const phrases = titlePhrases(messages.map((m) => m.title), n < 50 ? 2 : 3, n < 50 ? n : Math.max(3, Math.floor(n * MAX_DF)));
  phrases.forEach((ps, i) => { for (const p of ps) raw[i]!.title.set('~' + p, 1); });

  // title terms as small integers (from 0); text terms are shingle codes, and its place names codes from NAME_CODE up
  const vocab: string[] = [], ids = new Map<string, number>();
  const idOf = (w: string) => { let k = ids.get(w); if (k === undefined) { k = vocab.length; vocab.push(w); ids.set(w, k); } return k; };
  const bodyNameCodes = new Map<string, number>();
  const tdf = new Map<number, number>(), bdf = new Map<number, number>();
  const coded = raw.map((r) => {
    const t = [...r.title].map(([w, c]) => [idOf(w), c] as const);
    for (const [k] of t) tdf.set(k, (tdf.get(k) ?? 0) + 1);
    const b = r.body;
    for (const p of r.bodyNames) { let k = bodyNameCodes.get(p); if (k === undefined) { k = NAME_CODE + bodyNameCodes.size; bodyNameCodes.set(p, k); } b.add(k); }
    for (const k of b) bdf.set(k, (bdf.get(k) ?? 0) + 1);
    return { t, b: [...b].map((k) => [k, 1] as const) };
  });
  const maxDf = n < 50 ? n : Math.max(3, Math.floor(n * MAX_DF));
  const kindWeight = vocab.map((w) => (w.startsWith('@') ? PLACE_WEIGHT : w.startsWith('~') ? PHRASE_WEIGHT * Math.sqrt(w.length - 1) / 2 : 1));
  const weigh = (counts: readonly (readonly [number, number])[], df: Map<number, number>, kind: (k: number) => number, keep: number): Vec => {
    let all: [number, number][] = [];
    for (const [k, c] of counts) { const d = df.get(k)!; if (d <= maxDf) all.push([k, kind(k) * (1 + Math.log(c)) * Math.log((n + 1) / (d + 0.5))]); }
    all.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    if (all.length > keep) all = all.slice(0, keep);
    const l = Math.sqrt(all.reduce((s, [, x]) => s + x * x, 0)) || 1;
    return { ids: all.map(([k]) => k), w: all.map(([, x]) => x / l) };
  };
  const tvecs = coded.map((r) => weigh(r.t, tdf, (k) => kindWeight[k]!, Infinity));
  const bvecs = coded.map((r) => weigh(r.b, bdf, (k) => (k >= NAME_CODE ? PLACE_WEIGHT : 1), BODY_TERMS));
  // vectors are sorted heaviest first: their heads are the probes
  const probes = messages.map((_, i) => [...tvecs[i]!.ids.slice(0, PROBES), ...bvecs[i]!.ids.slice(0, PROBES / 2).map((k) => -1 - k - NAME_CODE)]);
  const simTo = (c: Cluster, i: number) => tw * c.title.cos(tvecs[i]!) + (1 - tw) * c.body.cos(bvecs[i]!);
  const compatible = (names: Iterable<string>, c: Cluster) => placesCompatible([...names], [...c.names.keys()]);

  // pass 1: single pass in time order
  const order = messages.map((_, i) => i).sort((a, b) => (times[a]! - times[b]!) || (a - b));
  const clusters: Cluster[] = [];
  const postings = new Map<number, Set<number>>(); // probe term → clusters holding it
  const post = (k: number, c: number) => { const p = postings.get(k); if (p) p.add(c); else postings.set(k, new Set([c])); };
  for (const i of order) {
    const places = raw[i]!.sites;
    const hits = new Map<number, number>();
    for (const k of probes[i]!) for (const c of postings.get(k) ?? []) hits.set(c, (hits.get(c) ?? 0) + 1);
    const cand = hits.size <= CANDIDATES ? [...hits.keys()] : [...hits].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, CANDIDATES).map(([c]) => c);
    cand.sort((a, b) => a - b);
    let best = -1, bestSim = threshold;
    for (const ci of cand) {
      const c = clusters[ci]!;
      if (messages[i]!.category !== undefined && c.category !== undefined && messages[i]!.category !== c.category) continue;
      if (places.length && !compatible(places, c)) continue;
      const sim = simTo(c, i);
      if (sim > bestSim || (sim === bestSim && best < 0)) { best = ci; bestSim = sim; }
    }
    if (best < 0) {
      best = clusters.length;
      clusters.push({ members: [], title: new Sum(), body: new Sum(), names: new Map(), probes: new Set(), category: messages[i]!.category, alive: true });
    }
    const c = clusters[best]!;
    c.members.push(i);
    c.title.addVec(tvecs[i]!);
    c.body.addVec(bvecs[i]!);
    for (const p of places) c.names.set(p, (c.names.get(p) ?? 0) + 1);
    for (const k of probes[i]!) { c.probes.add(k); post(k, best); }
  }

  // pass 2: merge similar topics, largest first
  const bySize = clusters.map((_, i) => i).sort((a, b) => clusters[b]!.members.length - clusters[a]!.members.length || a - b);
  for (const ai of bySize) {
    const a = clusters[ai]!;
    if (!a.alive || a.members.length < 2) continue;
    let merged = true;
    while (merged) {
      merged = false;
      const hits = new Map<number, number>();
      for (const k of a.probes) for (const c of postings.get(k) ?? []) if (c !== ai && clusters[c]!.alive) hits.set(c, (hits.get(c) ?? 0) + 1);
      const cand = [...hits].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, CANDIDATES).map(([c]) => c).sort((x, y) => x - y);
      for (const bi of cand) {
        const b = clusters[bi]!;
        if (a.category !== b.category) continue;
        if (a.names.size && b.names.size && !compatible(a.names.keys(), b)) continue;
        const sim = tw * a.title.cosSum(b.title) + (1 - tw) * a.body.cosSum(b.body);
        if (sim < mergeThreshold) continue;
        a.members.push(...b.members);
        a.title.addSum(b.title);
        a.body.addSum(b.body);
        for (const [p, x] of b.names) a.names.set(p, (a.names.get(p) ?? 0) + x);
        for (const k of b.probes) { a.probes.add(k); post(k, ai); }
        b.alive = false;
        merged = true;
      }
    }
  }

  const out: Topic[] = [];
  for (const c of clusters) {
    if (!c.alive || c.members.length < minSize) continue;
    const members = [...c.members].sort((a, b) => (times[a]! - times[b]!) || (a - b));
    const users = new Set(members.map((i) => messages[i]!.user ?? `#${messages[i]!.id}`)).size;
    const votes = members.reduce((s, i) => s + Math.max(0, messages[i]!.votes ?? 0), 0);
    const ts = members.map((i) => times[i]!).filter((t) => Number.isFinite(t));
    const { heat, peakShare } = heatScore(ts, users, votes, windowDays);
    const place = mostFrequent(members.flatMap((i) => raw[i]!.titleNames), true) ?? mostFrequent(members.flatMap((i) => raw[i]!.names), true);
    const area = mostFrequent(members.map((i) => raw[i]!.codes.filter((x) => /^[A-Z]/u.test(x)).slice(0, 2).join('')).filter(Boolean), false);
    const centroid = new Map([...c.title.v].map(([k, x]) => [vocab[k]!, x]));
    const keywords = keyPhrases(centroid, place);
    const iso = (t: number | undefined) => (t !== undefined && Number.isFinite(t) ? new Date(t).toISOString() : '');
    out.push({
      label: [place ?? area ?? '', keywords.join(' ')].filter(Boolean).join(' · ') || messages[members[0]!]!.title.slice(0, 20),
      place, area, keywords,
      from: iso(ts[0]), to: iso(ts[ts.length - 1]),
      ids: members.map((i) => messages[i]!.id), size: members.length, users, votes,
      peakShare: Math.round(peakShare * 1000) / 1000, heat: Math.round(heat * 100) / 100,
    });
  }
  out.sort((a, b) => b.heat - a.heat || b.size - a.size || (a.ids[0]! < b.ids[0]! ? -1 : 1));
  return opts.limit ? out.slice(0, opts.limit) : out;
}

/** The most frequent value (ties: the longer, then the first in code-point order); for names, counted once per message is the caller's business. */
function mostFrequent(values: string[], preferShortCompatible: boolean): string | null {
  if (!values.length) return null;
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (preferShortCompatible) {
    // a name's count includes the names it is a prefix of (翠湖花园 gets the votes of 翠湖花园三期)
    const total = new Map<string, number>();
    for (const a of counts.keys()) { let s = 0; for (const [b, x] of counts) if (b.startsWith(a)) s += x; total.set(a, s); }
    return [...total].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))[0]![0];
  }
  return [...counts].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))[0]![0];
}
