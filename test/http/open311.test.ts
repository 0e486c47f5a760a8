/**
 * Open311 GeoReport v2: an Open311 client files a request (form-encoded, api_key), follows it by id and phone, and
 * sees the state change after the bureau acts — in JSON and in XML; errors in the Open311 shape.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/db.ts';
import { as, idNumber, platform, type Platform } from '../helpers/fixtures.ts';

const KEY = 'open311-test-key';
const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

for (const dialect of DIALECTS) {
  describe(`Open311 GeoReport v2 (${dialect})`, () => {
    let p: Platform;
    before(async () => { process.env.FENGQIAO_OPEN311_API_KEY = KEY; p = await platform(dialect, { now: '2019-09-20T02:00:00Z' }); });
    after(async () => { delete process.env.FENGQIAO_OPEN311_API_KEY; await p.close(); });
    const get = (url: string) => p.app.inject({ method: 'GET', url: `/api/v1/open311${url}` });
    const post = (fmt: string, body: Record<string, string>) => p.app.inject({ method: 'POST', url: `/api/v1/open311/requests.${fmt}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(body) });
    const filing = (extra: Record<string, string> = {}) => ({
      api_key: KEY, service_code: '0103', description: '小区旁边的工地夜间施工，噪声很大，影响老人和孩子休息。', address_string: '佛山市顺德区大良街道',
      last_name: '李', first_name: '建国', phone: '13711112222', 'attribute[id_number]': idNumber('440606', '19680512', '331'), 'attribute[category]': '010303', 'attribute[region_code]': '440606', ...extra,
    });

    test('services in JSON and XML; a service definition declares the real-name attribute', async () => {
      const j = await get('/services.json');
      assert.equal(j.statusCode, 200);
      const services = j.json() as { service_code: string; service_name: string; metadata: boolean }[];
      assert.ok(services.some((s) => s.service_code === '0103' && s.service_name === '规划与违法建设'));
      const x = await get('/services.xml');
      assert.match(x.headers['content-type'] as string, /^text\/xml/);
      assert.match(x.body, /^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>0101<\/service_code><service_name>住房保障与房地产<\/service_name>/);
      const def = await get('/services/0103.json');
      assert.equal(def.json().attributes[0].code, 'id_number');
      assert.equal(def.json().attributes[0].required, true);
      assert.match((await get('/services/0103.xml')).body, /<attribute><variable>true<\/variable><code>id_number<\/code>/);
      assert.equal((await get('/services/9999.json')).statusCode, 404);
    });

    test('POST files a real-name petition; GET follows it with the phone, in both formats, through the bureau\'s actions', async () => {
      const r = await post('json', filing());
      assert.equal(r.statusCode, 201, r.body);
      const [filed] = r.json() as { service_request_id: string; token: string }[];
      assert.ok(filed!.service_request_id);
      const id = filed!.service_request_id;
      const phone = '13711112222';
      const one = await get(`/requests/${id}.json?phone=${phone}`);
      assert.equal(one.statusCode, 200, one.body);
      const [req] = one.json() as Record<string, unknown>[];
      assert.equal(req!.status, 'open');
      assert.equal(req!.fq_status, 'registered');
      assert.equal(req!.service_code, '0103');
      assert.match(String(req!.description), /^规划与违法建设：小区旁边的工地/);
      // the petition is on the online channel, in Shunde's bureau
      const handler = await as(p, 'shunde.handler');
      const list = await handler('GET', '/matters?channel=online');
      assert.equal(list.body.total, 1);
      const matterId = list.body.items[0].id as number;
      p.clock.set('2019-09-23T02:00:00Z');
      assert.equal((await handler('POST', `/matters/${matterId}/actions`, { action: 'decline', reason: '属于行政执法事项', channelGuidance: '请向区城市管理和综合执法局反映' })).status, 200);
      const x = await get(`/requests/${id}.xml?phone=${phone}`);
      assert.equal(x.statusCode, 200);
      assert.match(x.body, /<service_requests><request><service_request_id>[A-Z0-9]+<\/service_request_id><status>closed<\/status>/);
      assert.match(x.body, /<fq_status>declined<\/fq_status><fq_status_label>不予受理<\/fq_status_label>/);
      assert.match(x.body, /<fq_timeline><event><action>register<\/action>/);
      // tokens and the list by ids
      const t = await get(`/tokens/${filed!.token}.json?phone=${phone}`);
      assert.deepEqual(t.json(), [{ service_request_id: id, token: filed!.token }]);
      assert.match((await get(`/tokens/${filed!.token}.xml?phone=${phone}`)).body, /<service_requests><request><service_request_id>/);
      const many = await get(`/requests.json?service_request_id=${id},NOSUCHCODE&phone=${phone}`);
      assert.equal((many.json() as unknown[]).length, 1);
      // nobody lists other people's requests, and a wrong phone finds nothing
      assert.deepEqual((await get('/requests.json')).json(), []);
      assert.equal((await get(`/requests/${id}.json?phone=13900000000`)).statusCode, 404);
    });

    test('errors in the Open311 shape: bad api_key, missing id number, unknown service; XML too', async () => {
      const bad = await post('json', filing({ api_key: 'wrong' }));
      assert.equal(bad.statusCode, 403);
      assert.equal((bad.json() as { code: number }[])[0]!.code, 403);
      const noId = filing();
      delete (noId as Record<string, string>)['attribute[id_number]'];
      const r = await post('xml', noId);
      assert.equal(r.statusCode, 400);
      assert.match(r.body, /^<\?xml version="1.0" encoding="utf-8"\?><errors><error><code>400<\/code><description>实名信访/);
      assert.equal((await post('json', filing({ service_code: '99' }))).statusCode, 400);
      assert.equal((await post('json', filing({ 'attribute[id_number]': '440606196805123310' }))).statusCode, 422);
      // JSON bodies work too
      const j = await p.app.inject({ method: 'POST', url: '/api/v1/open311/requests.json', payload: { ...filing({ phone: '13711113333' }), attribute: { id_number: idNumber('440604', '19900101', '112') } } });
      assert.equal(j.statusCode, 201, j.body);
    });
  });
}
