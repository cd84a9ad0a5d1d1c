"""python-socketio test server for the integration tests, with the behaviour of servers.ts.

Run with Debian's /usr/bin/python3 (python3-socketio 5.7 + python3-aiohttp: Socket.IO v5 over
Engine.IO v4 only). Prints "listening <port>" once it accepts connections on 127.0.0.1, and exits
when its stdin closes, so it never outlives the test process that started it. With --farewell, a
socket's disconnect handler emits `farewell`, as applications do: after the client's DISCONNECT.
"""
import asyncio
import socket
import sys

import socketio
from aiohttp import web

# python-engineio 4.3 advertises int(ping_interval) * 1000, so 0.3 s would be announced as 0 ms and
# the client would time out: one second is the shortest interval it can state truthfully. The timeout
# is generous for the reason given in servers.ts (PING_TIMEOUT).
sio = socketio.AsyncServer(
    async_mode='aiohttp', ping_interval=1, ping_timeout=5, max_http_buffer_size=10_000_000
)
answers = []


def welcome_later(sid, namespace):
    # Emitting inside the connect handler would put the event ahead of the CONNECT packet, which the
    # server only sends once the handler returns; a task runs after that.
    sio.start_background_task(sio.emit, 'welcome', {'sid': sid}, to=sid, namespace=namespace)


@sio.event
async def connect(sid, environ, auth):
    welcome_later(sid, '/')


@sio.on('echo')
async def echo(sid, *args):
    return args  # a tuple: each element becomes one ack argument


@sio.on('echo-binary')
async def echo_binary(sid, data):
    await sio.emit('binary', data, to=sid)


@sio.on('ask-me')
async def ask_me(sid):
    async def answered(answer):
        answers.append(answer)
        await sio.emit('answered', answer, to=sid)

    await sio.emit('ask', 'what is the answer?', to=sid, callback=answered)


if '--farewell' in sys.argv:

    @sio.event
    async def disconnect(sid):
        await sio.emit('farewell', 'bye', to=sid)


@sio.on('connect', namespace='/admin')
async def admin_connect(sid, environ, auth):
    if not auth or auth.get('token') != 'secret':
        raise socketio.exceptions.ConnectionRefusedError('unauthorized')
    welcome_later(sid, '/admin')


async def main():
    app = web.Application()
    sio.attach(app)
    runner = web.AppRunner(app)
    await runner.setup()
    # Bind the socket ourselves: a random free port we can read back without aiohttp internals.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(('127.0.0.1', 0))
    await web.SockSite(runner, sock).start()
    print(f'listening {sock.getsockname()[1]}', flush=True)

    loop = asyncio.get_running_loop()
    stdin = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    await stdin.read()
    await runner.cleanup()


if __name__ == '__main__':
    asyncio.run(main())
