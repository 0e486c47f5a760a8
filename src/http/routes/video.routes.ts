/**
 * 视频接访 (issue 8): rooms (REST), the signalling WebSocket at /api/v1/video/ws, and the page at /video.
 *
 * Signalling protocol (JSON messages). The client opens `/api/v1/video/ws?room=CODE[&key=HOSTKEY]&name=…`:
 *   server → client  {type:'hello', id, host, admitted, title, iceServers}
 *   server → host    {type:'waiting', list:[{id, name}]}          the waiting room, whenever it changes
 *   host → server    {type:'admit', id}                          lets a waiting participant in
 *   server → client  {type:'admitted', peers:[{id, name}]}        the newcomer then offers to each of them
 *   client ↔ server  {type:'signal', to|from, name?, data}        SDP offers/answers and ICE candidates, relayed
 *                                                                 only between admitted participants
 *   server → client  {type:'peer-left', id}, {type:'ended'}
 *   host → server    {type:'end', minutes}                       ends the room; the minutes go to the record
 * Media flows browser to browser (a full mesh: 2–4 participants); STUN/TURN from FENGQIAO_ICE_SERVERS.
 * @fastify/websocket is registered once for the app (app.ts).
 */
import crypto from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { endVideoRoom, iceServers, isHostKey, listVideoRooms, openVideoRoom, roomByCode, videoRecords, writeVideoRecord } from '../../services/reception-video.ts';
import type { App } from '../app.ts';
import { rootOf, serveStatic } from '../reception-static.ts';
import { Nullable, Str } from '../resolution-schemas.ts';
import { errors, Id } from '../schemas.ts';
import { actorOf } from './matters.routes.ts';

const STAFF = ['handler', 'leader', 'registrar', 'supervisor'] as const;
/** a full mesh sends every stream to every peer: past a handful of participants it needs a media server */
const MAX_PEERS = 6;

/** what this file uses of a ws socket (ws ships no types here) */
interface WebSocket { readyState: number; send(data: string): void; close(code?: number): void; on(ev: string, f: (raw?: unknown) => void): void }
interface Peer { id: string; name: string; host: boolean; admitted: boolean; ws: WebSocket }
interface LiveRoom { code: string; peers: Map<string, Peer> }

const send = (ws: WebSocket, m: unknown) => { if (ws.readyState === 1) ws.send(JSON.stringify(m)); };

export default async function videoRoutes(app: App) {
  const ctx = app.fq.ctx;
  const ice = iceServers();
  const live = new Map<string, LiveRoom>();

  app.post('/video/rooms', {
    preHandler: app.need(...STAFF),
    schema: {
      tags: ['reception'], summary: '开设视频接访 Open a video reception room (returns the join link and the host link)',
      body: Type.Object({ title: Str(200), matterId: Type.Optional(Id) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer(), code: Type.String(), hostKey: Type.String(), url: Type.String(), hostUrl: Type.String() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => reply.code(201).send(await openVideoRoom(ctx, actorOf(req.user!), req.body)));

  app.get('/video/rooms', {
    preHandler: app.need(...STAFF),
    schema: {
      tags: ['reception'], summary: '视频接访列表',
      response: { 200: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), title: Type.String(), matterId: Nullable(Type.Integer()), status: Type.String(), createdAt: Type.String(), endedAt: Nullable(Type.String()), unitId: Type.Integer(), live: Type.Integer() })), ...errors(401, 403) },
    },
  }, async (req) => (await listVideoRooms(ctx, actorOf(req.user!))).map((r) => ({ ...r, live: [...(live.get(r.code)?.peers.values() ?? [])].filter((p) => p.admitted).length })));

  app.get('/video/records', {
    preHandler: app.need(...STAFF),
    schema: {
      tags: ['reception'], summary: '视频接访记录（某次接访或某一事项）', querystring: Type.Object({ roomId: Type.Optional(Id), matterId: Type.Optional(Id) }),
      response: { 200: Type.Array(Type.Object({ id: Type.Integer(), roomId: Type.Integer(), matterId: Nullable(Type.Integer()), at: Type.String(), kind: Type.String(), text: Type.String(), title: Type.String() })), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => videoRecords(ctx, actorOf(req.user!), req.query));

  await app.register(async (scope: FastifyInstance) => {
    scope.get('/video/ws', { websocket: true, schema: { hide: true } }, async (sock: unknown, req) => {
      const socket = sock as WebSocket;
      const q = req.query as Record<string, string | undefined>;
      const code = String(q.room ?? '').slice(0, 64);
      const room = code ? await roomByCode(ctx, code) : null;
      if (!room || room.status !== 'open') { send(socket, { type: 'error', message: room ? '视频接访已结束' : '没有这个视频接访' }); socket.close(4404); return; }
      const host = isHostKey(room, q.key);
      const name = (String(q.name ?? '').trim() || (host ? '接访人' : '来访人')).slice(0, 40);
      if ((live.get(code)?.peers.size ?? 0) >= MAX_PEERS) { send(socket, { type: 'error', message: `视频接访人数已满（最多 ${MAX_PEERS} 方）` }); socket.close(4429); return; }
      let lr = live.get(code);
      if (!lr) { lr = { code, peers: new Map() }; live.set(code, lr); }
      const me: Peer = { id: crypto.randomBytes(6).toString('hex'), name, host, admitted: host, ws: socket };
      const peers = lr.peers;
      peers.set(me.id, me);
      // handlers first: a socket that closes while we write the record must still leave the room
      const others = () => [...peers.values()].filter((p) => p.admitted && p.id !== me.id);
      const waitingList = () => {
        const list = [...peers.values()].filter((p) => !p.admitted).map((p) => ({ id: p.id, name: p.name }));
        for (const p of peers.values()) if (p.host) send(p.ws, { type: 'waiting', list });
      };
      const admit = (p: Peer) => {
        p.admitted = true;
        send(p.ws, { type: 'admitted', peers: [...peers.values()].filter((o) => o.admitted && o.id !== p.id).map((o) => ({ id: o.id, name: o.name })) });
      };
      socket.on('message', (raw) => {
        let m: { type?: string; id?: string; to?: string; data?: unknown; minutes?: string };
        try { m = JSON.parse(String(raw)) as typeof m; } catch { return; }
        if (m.type === 'signal' && me.admitted && typeof m.to === 'string') {
          const to = peers.get(m.to);
          if (to?.admitted) send(to.ws, { type: 'signal', from: me.id, name: me.name, data: m.data });
        } else if (m.type === 'admit' && me.host && typeof m.id === 'string') {
          const p = peers.get(m.id);
          if (p && !p.admitted) {
            admit(p);
            waitingList();
            void writeVideoRecord(ctx, room, 'admit', `准入：${p.name}`).catch((e: unknown) => req.log.error({ err: e }, 'video record'));
          }
        } else if (m.type === 'end' && me.host) {
          void endVideoRoom(ctx, room, String(m.minutes ?? '').slice(0, 20000)).catch((e: unknown) => req.log.error({ err: e }, 'video end')).finally(() => {
            for (const p of peers.values()) { send(p.ws, { type: 'ended' }); p.ws.close(1000); }
            live.delete(code);
          });
        }
      });
      socket.on('close', () => {
        peers.delete(me.id);
        for (const p of others()) send(p.ws, { type: 'peer-left', id: me.id });
        if (!peers.size) live.delete(code); else waitingList();
      });
      if (socket.readyState > 1) { // closed while the room was looked up: no close event will come
        peers.delete(me.id);
        if (!peers.size) live.delete(code);
        return;
      }
      send(socket, { type: 'hello', id: me.id, host, admitted: me.admitted, title: room.title, iceServers: ice });
      void writeVideoRecord(ctx, room, 'join', `${name}${host ? '（接访方）' : ''}进入${host ? '' : '等候室'}`).catch((e: unknown) => req.log.error({ err: e }, 'video record'));
      if (host) { admit(me); waitingList(); } else waitingList();
    });
  });

  const root = rootOf(app as unknown as FastifyInstance);
  serveStatic(root, '/video', 'video.html');
  serveStatic(root, '/video/video.js', 'video.js');
}
