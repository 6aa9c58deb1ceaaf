import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import { mysqlClient } from './mysql-client.js';
import { initialData } from './mysql-data.js';
import { mysqlEntrypoint } from './mysql-entrypoint.js';
import { formatRows } from './mysql-format.js';
import { executeSql, NotSimulated } from './mysql-sql.js';
import { mysqladmin } from './mysqladmin.js';
import { mysqld } from './mysqld.js';
import { Collector, run, World } from './programs.test-support.js';
import { bindTool } from './tool.js';

const client = bindTool(mysqlClient, 'gnu');
const admin = bindTool(mysqladmin, 'gnu');

function imageEnv(reference: string): Record<string, string> {
  return Object.fromEntries(
    pullImage(reference).config.env.map((entry) => entry.split(/=(.*)/s).slice(0, 2)),
  );
}

function mysqlWorld(reference = 'mysql:8.4') {
  return new World({
    image: pullImage(reference).layer,
    programs: { mysqld: bindTool(mysqld, 'gnu') },
  });
}

async function advanceUntil(world: World, done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await world.clock.advance(100);
  if (!done()) throw new Error('condition never held');
}

function startMysql(world: World, env: Record<string, string>) {
  const stdout = new Collector();
  const stderr = new Collector();
  const handle = world.start(bindTool(mysqlEntrypoint, 'gnu'), ['docker-entrypoint.sh', 'mysqld'], {
    stdout,
    stderr,
    env,
  });
  return { handle, stdout, stderr };
}

describe('the simulated SQL', () => {
  const root = {
    user: 'root',
    clientHost: 'localhost',
    account: { user: 'root', host: 'localhost', digest: '', grants: ['*.*'] },
    connectionId: 8,
    version: '8.4.5',
    hostname: 'db',
    port: 3306,
    now: new Date(Date.UTC(2026, 10, 23, 12)),
  };

  it('runs the statements of a first session with MySQL results and errors', () => {
    const data = initialData();
    const sql = (text: string, schema: string | null = null) =>
      executeSql(data, { ...root, schema }, text);
    expect(sql('select 1')).toEqual({ kind: 'rows', columns: ['1'], rows: [[1]] });
    expect(sql("SELECT VERSION(), 1+1 AS two, 'a'")).toEqual({
      kind: 'rows',
      columns: ['VERSION()', 'two', 'a'],
      rows: [['8.4.5', 2, 'a']],
    });
    expect(sql('create database shop').kind).toBe('ok');
    expect(() => sql('create database shop')).toThrow(
      "Can't create database 'shop'; database exists",
    );
    expect(() => sql('select * from items')).toThrow('No database selected');
    sql(
      'CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL)',
      'shop',
    );
    expect(sql("INSERT INTO items (name) VALUES ('pen'), ('ink')", 'shop')).toMatchObject({
      affected: 2,
    });
    expect(sql('SELECT * FROM items WHERE id > 1', 'shop')).toEqual({
      kind: 'rows',
      columns: ['id', 'name'],
      rows: [[2, 'ink']],
    });
    expect(() => sql('insert into items values (1, "x")', 'shop')).toThrow(
      "Duplicate entry '1' for key 'items.PRIMARY'",
    );
    expect(() => sql('select nope from items', 'shop')).toThrow(
      "Unknown column 'nope' in 'field list'",
    );
    expect(() => sql('selec 1')).toThrow('You have an error in your SQL syntax');
    expect(() =>
      sql('CREATE TRIGGER t BEFORE INSERT ON items FOR EACH ROW SET @x = 1', 'shop'),
    ).toThrow(NotSimulated);
    const databases = sql('show databases');
    expect(databases.kind === 'rows' && databases.rows.flat()).toEqual([
      'information_schema',
      'mysql',
      'performance_schema',
      'shop',
      'sys',
    ]);
  });

  it('prints results as the mysql client does', () => {
    const result = {
      kind: 'rows' as const,
      columns: ['id', 'name'],
      rows: [
        [1, 'pen'],
        [10, null],
      ],
    };
    expect(formatRows(result, 'tab', true)).toBe('id\tname\n1\tpen\n10\tNULL\n');
    expect(formatRows(result, 'table', true)).toBe(
      '+----+------+\n| id | name |\n+----+------+\n|  1 | pen  |\n| 10 | NULL |\n+----+------+\n',
    );
  });
});

describe('mysql image', () => {
  it('refuses to initialise without a root password option: the error, exit 1', async () => {
    const world = mysqlWorld();
    const { handle, stdout, stderr } = startMysql(world, imageEnv('mysql:8.4'));
    expect(await handle.exit).toBe(1);
    expect(stdout.text).toBe(
      '2024-05-14 10:21:33+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.4.5-1.el9 started.\n' +
        "2024-05-14 10:21:33+00:00 [Note] [Entrypoint]: Switching to dedicated user 'mysql'\n" +
        '2024-05-14 10:21:33+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.4.5-1.el9 started.\n',
    );
    expect(stderr.text).toBe(
      '2024-05-14 10:21:33+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n' +
        '    You need to specify one of the following as an environment variable:\n' +
        '    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n',
    );
  });

  it('initialises with MYSQL_ROOT_PASSWORD, then serves the clients on the socket and 3306', async () => {
    const world = mysqlWorld();
    const env = { ...imageEnv('mysql:8.4'), MYSQL_ROOT_PASSWORD: 'pw', MYSQL_DATABASE: 'shop' };
    const { stdout, stderr } = startMysql(world, env);
    await advanceUntil(world, () =>
      stderr.text.includes('port: 3306  MySQL Community Server - GPL.'),
    );
    expect(stdout.text).toContain('[Note] [Entrypoint]: Initializing database files\n');
    expect(stdout.text).toContain('[Note] [Entrypoint]: Creating database shop\n');
    expect(stdout.text).toContain(
      '[Note] [Entrypoint]: MySQL init process done. Ready for start up.\n',
    );
    expect(stderr.text).toContain(
      '[Warning] [MY-010453] [Server] root@localhost is created with an empty password ! Please consider switching off the --initialize-insecure option.\n',
    );
    expect(stderr.text).toMatch(
      /\[System\] \[MY-010116\] \[Server\] \/usr\/sbin\/mysqld \(mysqld 8\.4\.5\) starting as process 1\n/,
    );
    expect(world.network.servers.has(3306)).toBe(true);
    const select = await run(world, client, ['mysql', '-uroot', '-ppw', '-e', 'select 1'], { env });
    expect(select.stdout).toBe('1\n1\n');
    expect(select.stderr).toBe(
      'mysql: [Warning] Using a password on the command line interface can be insecure.\n',
    );
    const wrong = await run(world, client, ['mysql', '-uroot', '-pnope', '-e', 'select 1'], {
      env,
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(
      "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n",
    );
    const none = await run(world, client, ['mysql', '-e', 'select 1'], { env });
    expect(none.stderr).toBe(
      "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: NO)\n",
    );
    const tcp = await run(
      world,
      client,
      ['mysql', '-h127.0.0.1', '-uroot', '-ppw', '-sNe', 'select current_user()'],
      { env },
    );
    expect(tcp.stdout).toBe('root@%\n');
    const work = await run(world, client, ['mysql', '-uroot', '-ppw', 'shop'], {
      env,
      stdin:
        'create table t (id int);\ninsert into t values (7);\nselect * from t;\nselect * from nope;\n',
    });
    expect(work.status).toBe(1);
    expect(work.stdout).toBe('id\n7\n');
    expect(work.stderr).toContain(
      "ERROR 1146 (42S02) at line 4: Table 'shop.nope' doesn't exist\n",
    );
    const ping = await run(world, admin, ['mysqladmin', 'ping'], { env });
    expect(ping.status).toBe(0);
  });

  it('keeps an initialised data directory: a second start skips the initialisation', async () => {
    const world = mysqlWorld('mysql:8.0');
    const env = { ...imageEnv('mysql:8.0'), MYSQL_ROOT_PASSWORD: 'pw' };
    const first = startMysql(world, env);
    await advanceUntil(world, () => first.stderr.text.includes('port: 3306'));
    world.kill(first.handle.pid, 'SIGTERM');
    await advanceUntil(world, () => world.list().length === 0);
    expect(first.stderr.text).toContain(
      'Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: 8.0.42).',
    );
    const second = startMysql(world, { ...imageEnv('mysql:8.0') });
    await advanceUntil(world, () => second.stderr.text.includes('port: 3306'));
    expect(second.stdout.text).not.toContain('Initializing database files');
    const select = await run(world, client, ['mysql', '-uroot', '-ppw', '-e', 'select @@version'], {
      env,
    });
    expect(select.stdout).toBe('@@version\n8.0.42\n');
    const down = await run(world, admin, ['mysqladmin', '-uroot', '-ppw', 'shutdown'], { env });
    expect(down.status).toBe(0);
    await advanceUntil(world, () => world.list().length === 0);
    const gone = await run(world, admin, ['mysqladmin', 'ping'], { env });
    expect(gone.status).toBe(1);
    expect(gone.stderr).toBe(
      "mysqladmin: connect to server at 'localhost' failed\nerror: 'Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)'\nCheck that mysqld is running and that the socket: '/var/run/mysqld/mysqld.sock' exists!\n",
    );
  });
});
