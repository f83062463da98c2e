// Which database the test suites run on, shared by the integration helpers, the e2e server and the e2e tests
// (CommonJS so that all three can load it: Playwright compiles the tests to CommonJS).
// TEST_DATABASE=sqlite (the default) or postgres; postgres needs TEST_POSTGRES_URL, a server URL whose user may
// create databases (scripts/ensure-postgres.sh start prints one). Each run gets databases of its own there.

/** "sqlite" or "postgres", from TEST_DATABASE. */
function testDatabase() {
  const value = (process.env.TEST_DATABASE || "sqlite").trim().toLowerCase();
  if (value !== "sqlite" && value !== "postgres") throw new Error(`TEST_DATABASE must be "sqlite" or "postgres", not "${value}".`);
  return value;
}

/** The PostgreSQL server the tests create their databases on. */
function postgresAdminUrl() {
  const url = process.env.TEST_POSTGRES_URL?.trim();
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(
      'TEST_DATABASE=postgres needs TEST_POSTGRES_URL=postgresql://user@host:port/postgres (a user that may create databases); start a throwaway server with: eval "$(bash scripts/ensure-postgres.sh start)"',
    );
  }
  return url;
}

/** The same server and credentials, another database. */
function postgresUrlFor(database) {
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/** The port the e2e server listens on. */
function e2ePort() {
  return Number(process.env.E2E_PORT || 3100);
}

/** The e2e run's database: data/e2e.db, or a PostgreSQL database named after the port (so two runs on two ports don't meet). */
function e2eDatabaseUrl() {
  return testDatabase() === "postgres" ? postgresUrlFor(`chainrule_e2e_${e2ePort()}`) : "file:./data/e2e.db";
}

/** Signs the e2e servers' session cookies; every instance of one run shares it, as in a deployment. */
const E2E_NEXTAUTH_SECRET = "e2e-test-secret-not-for-production-0123456789";

module.exports = { testDatabase, postgresAdminUrl, postgresUrlFor, e2ePort, e2eDatabaseUrl, E2E_NEXTAUTH_SECRET };
