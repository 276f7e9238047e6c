// What the database alone can do on this box right now: serial and 32-way autocommit INSERTs
// (each a durable commit: innodb_flush_log_at_trx_commit) and bare SELECT 1 round trips.
// Recorded with the results so figures from differently loaded runs can be compared.
import mysql from 'mysql2/promise';

export async function probeDatabase(database) {
  const pool = mysql.createPool({ host: '127.0.0.1', user: 'root', database, connectionLimit: 32 });
  try {
    await pool.query('CREATE TABLE bench_probe (id int AUTO_INCREMENT PRIMARY KEY, v int)');
    const conn = await pool.getConnection();
    let t = performance.now();
    for (let i = 0; i < 200; i++) await conn.query('INSERT INTO bench_probe (v) VALUES (1)');
    const serial = 200 / ((performance.now() - t) / 1000);
    t = performance.now();
    for (let i = 0; i < 1000; i++) await conn.query('SELECT 1');
    const selects = 1000 / ((performance.now() - t) / 1000);
    conn.release();
    t = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let i = 0; i < 20; i++) await pool.query('INSERT INTO bench_probe (v) VALUES (1)');
      }),
    );
    const parallel = 640 / ((performance.now() - t) / 1000);
    const [vars] = await pool.query(
      "SHOW VARIABLES WHERE Variable_name IN ('version', 'innodb_flush_log_at_trx_commit', 'innodb_buffer_pool_size', 'log_bin')",
    );
    await pool.query('DROP TABLE bench_probe');
    return {
      serialCommitsPerSec: Math.round(serial),
      parallel32CommitsPerSec: Math.round(parallel),
      select1PerSec: Math.round(selects),
      variables: Object.fromEntries(vars.map((v) => [v.Variable_name, v.Value])),
    };
  } finally {
    await pool.end();
  }
}
