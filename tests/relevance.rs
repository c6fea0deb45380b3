//! Relevance: realistic queries, each with the entry that must come first. Prints top-1,
//! top-3 and mean reciprocal rank, and fails below top-1 95% or top-3 100%.
//!
//! The queries are what people type: names, acronyms, typos of every kind, partial words,
//! descriptions of a problem in their own words (not copied from the entries), and queries
//! that must pick one of several close entries. `cargo test --test relevance -- --nocapture`
//! prints every miss.

use archdeck::corpus::Corpus;
use archdeck::search::Index;

/// (category, query, the entry that must rank first).
const CASES: &[(&str, &str, &str)] = &[
    // Names, as typed: lower case, partial titles, the name without its qualifier.
    ("name", "circuit breaker", "circuit-breaker"),
    ("name", "strangler fig", "strangler-fig"),
    ("name", "saga", "saga"),
    ("name", "sidecar", "sidecar"),
    ("name", "bulkhead", "bulkhead"),
    ("name", "event sourcing", "event-sourcing"),
    ("name", "transactional outbox", "transactional-outbox"),
    ("name", "outbox", "transactional-outbox"),
    ("name", "valet key", "valet-key"),
    ("name", "leader election", "leader-election"),
    ("name", "consistent hashing", "consistent-hashing"),
    ("name", "cache aside", "cache-aside"),
    ("name", "write through cache", "write-through-cache"),
    ("name", "write behind", "write-behind-cache"),
    ("name", "eventual consistency", "eventual-consistency"),
    ("name", "linearizability", "strong-consistency"),
    ("name", "conway's law", "conways-law"),
    ("name", "twelve factor app", "twelve-factor-app"),
    ("name", "the twelve-factor app", "twelve-factor-app"),
    ("name", "blue green deployment", "blue-green-deployment"),
    ("name", "canary", "canary-release"),
    ("name", "feature flags", "feature-flags"),
    ("name", "service mesh", "service-mesh"),
    ("name", "api gateway", "api-gateway"),
    ("name", "dead letter queue", "dead-letter-queue"),
    ("name", "poison pill", "poison-message"),
    ("name", "majority quorum", "majority-quorum"),
    ("name", "lamport timestamp", "lamport-clock"),
    ("name", "vector clock", "version-vector"),
    ("name", "hash ring", "consistent-hashing"),
    ("name", "exponential backoff", "retry"),
    ("name", "scatter gather", "api-composition"),
    ("name", "micro frontends", "client-side-ui-composition"),
    ("name", "star schema", "star-schema"),
    ("name", "medallion", "medallion-architecture"),
    ("name", "heartbeat", "heartbeat"),
    ("name", "gossip protocol", "gossip-dissemination"),
    ("name", "materialized view", "materialized-view"),
    ("name", "materialised view", "materialized-view"),
    ("name", "infrastructure as code", "infrastructure-as-code"),
    ("name", "pets vs cattle", "cattle-not-pets"),
    ("name", "backpressure", "backpressure"),
    ("name", "back pressure", "backpressure"),
    ("name", "token bucket", "token-bucket"),
    ("name", "error budget", "error-budget"),
    // Acronyms.
    ("acronym", "cqrs", "cqrs"),
    ("acronym", "dlq", "dead-letter-queue"),
    ("acronym", "bff", "backend-for-frontend"),
    ("acronym", "2pc", "two-phase-commit"),
    ("acronym", "wal", "write-ahead-log"),
    ("acronym", "cdc", "change-data-capture"),
    ("acronym", "cdn", "content-delivery-network"),
    ("acronym", "spof", "single-point-of-failure"),
    ("acronym", "hlc", "hybrid-clock"),
    ("acronym", "mvcc", "versioned-value"),
    ("acronym", "iac", "infrastructure-as-code"),
    ("acronym", "eda", "event-driven-architecture"),
    ("acronym", "rpo", "rpo-rto"),
    ("acronym", "slo", "sli-slo-sla"),
    ("acronym", "cors", "cors"),
    ("acronym", "jwt", "access-token"),
    ("acronym", "sso", "federated-identity"),
    ("acronym", "scd2", "scd-type-2"),
    ("acronym", "l4", "layer-4-load-balancing"),
    ("acronym", "acid", "acid-transactions"),
    ("acronym", "paas", "platform-as-a-service"),
    ("acronym", "12fa", "twelve-factor-app"),
    ("acronym", "12factor", "twelve-factor-app"),
    ("acronym", "twelve factor", "twelve-factor-app"),
    // Typos: letters dropped, added, changed and swapped.
    ("typo", "quoroum", "majority-quorum"),
    ("typo", "qourum", "majority-quorum"),
    ("typo", "idempontent receiver", "idempotent-receiver"),
    ("typo", "curcuit breaker", "circuit-breaker"),
    ("typo", "cirkit breaker", "circuit-breaker"),
    ("typo", "circut breaker", "circuit-breaker"),
    ("typo", "circiut breaker", "circuit-breaker"),
    ("typo", "shardnig", "sharding"),
    ("typo", "shrading", "sharding"),
    ("typo", "idempotncy", "idempotency"),
    ("typo", "idempotancy", "idempotency"),
    ("typo", "bulkhed", "bulkhead"),
    ("typo", "stranglr fig", "strangler-fig"),
    ("typo", "strangeler", "strangler-fig"),
    ("typo", "choreograhpy", "choreography"),
    ("typo", "orchestartion", "orchestration"),
    ("typo", "eventual consistancy", "eventual-consistency"),
    ("typo", "linearizabilty", "strong-consistency"),
    ("typo", "lamport clcok", "lamport-clock"),
    ("typo", "heartbaet", "heartbeat"),
    ("typo", "sidecra", "sidecar"),
    ("typo", "materialzed view", "materialized-view"),
    (
        "typo",
        "compensating transacton",
        "compensating-transaction",
    ),
    ("typo", "throtling", "throttling"),
    ("typo", "backpresure", "backpressure"),
    ("typo", "denormalisaton", "denormalization"),
    ("typo", "consistant hashing", "consistent-hashing"),
    ("typo", "gossip disemination", "gossip-dissemination"),
    ("typo", "anti corruption layr", "anti-corruption-layer"),
    ("typo", "distribted tracing", "distributed-tracing"),
    ("typo", "serverles", "serverless"),
    ("typo", "leader electoin", "leader-election"),
    ("typo", "canery release", "canary-release"),
    ("typo", "paxso", "paxos"),
    // Partial words, as while typing.
    ("partial", "strang", "strangler-fig"),
    ("partial", "idempot", "idempotency"),
    ("partial", "dead lett", "dead-letter-queue"),
    ("partial", "circuit brea", "circuit-breaker"),
    ("partial", "choreog", "choreography"),
    ("partial", "bulkh", "bulkhead"),
    ("partial", "transactional out", "transactional-outbox"),
    ("partial", "materialized vi", "materialized-view"),
    ("partial", "consistent hash", "consistent-hashing"),
    (
        "partial",
        "queue based load lev",
        "queue-based-load-leveling",
    ),
    ("partial", "backend for front", "backend-for-frontend"),
    ("partial", "write ahead", "write-ahead-log"),
    ("partial", "event sour", "event-sourcing"),
    ("partial", "anti-corr", "anti-corruption-layer"),
    // Descriptions of the problem in the user's own words.
    (
        "description",
        "stop hammering a dependency that keeps timing out",
        "circuit-breaker",
    ),
    (
        "description",
        "absorb bursts of requests by buffering them",
        "queue-based-load-leveling",
    ),
    (
        "description",
        "update a table and emit an event without losing either",
        "transactional-outbox",
    ),
    (
        "description",
        "hand the browser a short-lived upload url",
        "valet-key",
    ),
    (
        "description",
        "migrate legacy system gradually",
        "strangler-fig",
    ),
    (
        "description",
        "replace an old monolith piece by piece",
        "strangler-fig",
    ),
    (
        "description",
        "the same message gets processed twice",
        "idempotent-receiver",
    ),
    (
        "description",
        "customer charged twice when the client retries a payment",
        "idempotency-key",
    ),
    (
        "description",
        "one slow downstream service uses up every thread in the pool",
        "bulkhead",
    ),
    (
        "description",
        "compartments so one flooded part does not sink the whole ship",
        "bulkhead",
    ),
    (
        "description",
        "transaction spanning several microservices without two phase commit",
        "saga",
    ),
    (
        "description",
        "undo the steps that already succeeded when a later one fails",
        "compensating-transaction",
    ),
    (
        "description",
        "messages that fail again and again block the queue",
        "dead-letter-queue",
    ),
    (
        "description",
        "one bad message crashes the consumer every time it is read",
        "poison-message",
    ),
    (
        "description",
        "spread data over many database servers by key",
        "sharding",
    ),
    (
        "description",
        "add or remove cache nodes without remapping every key",
        "consistent-hashing",
    ),
    (
        "description",
        "store every change as an append-only sequence of events",
        "event-sourcing",
    ),
    (
        "description",
        "separate models for reads and writes",
        "cqrs",
    ),
    (
        "description",
        "route traffic to a small share of users before everyone gets the new version",
        "canary-release",
    ),
    (
        "description",
        "switch traffic between two identical production environments",
        "blue-green-deployment",
    ),
    (
        "description",
        "turn a feature off in production without redeploying",
        "feature-flags",
    ),
    (
        "description",
        "pick one node to coordinate the others",
        "leader-election",
    ),
    // This describes the problem itself, which now has its own entry (Split-Brain); the
    // Generation Clock is one remedy for it and was the answer only while split-brain had none.
    (
        "description",
        "two nodes both believe they are the leader after a partition",
        "split-brain",
    ),
    (
        "description",
        "order events across machines without synchronised clocks",
        "lamport-clock",
    ),
    (
        "description",
        "detect concurrent updates to the same key on different replicas",
        "version-vector",
    ),
    (
        "description",
        "follow a request across many services to find where it was slow",
        "distributed-tracing",
    ),
    (
        "description",
        "collect logs from every service in one searchable place",
        "log-aggregation",
    ),
    (
        "description",
        "load the data into the cache only when it is first read",
        "cache-aside",
    ),
    (
        "description",
        "write to the cache and the database at the same time",
        "write-through-cache",
    ),
    (
        "description",
        "acknowledge the write and flush it to the database later",
        "write-behind-cache",
    ),
    (
        "description",
        "cap how much each tenant may use of a shared api",
        "throttling",
    ),
    (
        "description",
        "tell the producer to slow down when the consumer cannot keep up",
        "backpressure",
    ),
    (
        "description",
        "one api per client type, mobile and web",
        "backend-for-frontend",
    ),
    (
        "description",
        "single entry point in front of all the microservices",
        "api-gateway",
    ),
    (
        "description",
        "keep our clean domain model from being polluted by a legacy system",
        "anti-corruption-layer",
    ),
    (
        "description",
        "helper container deployed next to the app to handle cross-cutting concerns",
        "sidecar",
    ),
    (
        "description",
        "many workers pulling jobs from the same queue",
        "competing-consumers",
    ),
    (
        "description",
        "precompute query results so reads are fast",
        "materialized-view",
    ),
    (
        "description",
        "stream database row changes to other systems",
        "change-data-capture",
    ),
    (
        "description",
        "each microservice owns its own data store",
        "database-per-service",
    ),
    (
        "description",
        "services notify each other through events, no central coordinator",
        "choreography",
    ),
    (
        "description",
        "a central coordinator tells each service what to do next",
        "orchestration",
    ),
    (
        "description",
        "both sides must agree to commit or abort a distributed transaction",
        "two-phase-commit",
    ),
    (
        "description",
        "how much data can we lose and how long can we be down",
        "rpo-rto",
    ),
    (
        "description",
        "how much unreliability we can afford before freezing releases",
        "error-budget",
    ),
    (
        "description",
        "periodic signal to show a server is still alive",
        "heartbeat",
    ),
    (
        "description",
        "a time-limited lock that expires if the holder dies",
        "lease",
    ),
    (
        "description",
        "append to a log on disk before changing the data so a crash loses nothing",
        "write-ahead-log",
    ),
    (
        "description",
        "a failure in one service spreads to everything that calls it",
        "cascading-failure",
    ),
    (
        "description",
        "a component whose failure takes the whole system down",
        "single-point-of-failure",
    ),
    (
        "description",
        "deploy the same self-contained copy of the whole stack for each group of tenants",
        "deployment-stamps",
    ),
    (
        "description",
        "client finds service instances by asking the registry itself",
        "client-side-discovery",
    ),
    (
        "description",
        "long running request returns 202 and the client polls for the result",
        "asynchronous-request-reply",
    ),
    (
        "description",
        "move the large payload to blob storage and pass a reference in the message",
        "claim-check",
    ),
    (
        "description",
        "send urgent messages ahead of the rest",
        "priority-queue",
    ),
    (
        "description",
        "a read right after my write returns old data",
        "read-your-writes",
    ),
    (
        "description",
        "read from replicas instead of the leader to spread load",
        "follower-reads",
    ),
    (
        "description",
        "validate and sanitize requests before they reach the trusted service",
        "gatekeeper",
    ),
    (
        "description",
        "store secrets and settings outside the application package",
        "external-configuration-store",
    ),
    (
        "description",
        "servers should be replaceable, never hand tuned",
        "cattle-not-pets",
    ),
    (
        "description",
        "organisation structure ends up mirrored in the software design",
        "conways-law",
    ),
    (
        "description",
        "retry after waiting a bit longer each time",
        "retry",
    ),
    (
        "description",
        "the network is not free to use",
        "transport-cost-is-zero",
    ),
    (
        "description",
        "assume packets never get lost",
        "network-is-reliable",
    ),
    (
        "description",
        "test that the consumer's expectations of an api still hold",
        "consumer-driven-contract-test",
    ),
    (
        "description",
        "limit the damage an outage can do by splitting into independent cells",
        "cell-based-architecture",
    ),
    // Disambiguation: close entries, the query picks one.
    (
        "disambiguation",
        "layer 7 load balancer",
        "layer-7-load-balancing",
    ),
    (
        "disambiguation",
        "layer 4 load balancing",
        "layer-4-load-balancing",
    ),
    ("disambiguation", "active active", "active-active-failover"),
    (
        "disambiguation",
        "active passive",
        "active-passive-failover",
    ),
    ("disambiguation", "hot standby", "active-passive-failover"),
    ("disambiguation", "scd type 2", "scd-type-2"),
    ("disambiguation", "scd type 4 history table", "scd-type-4"),
    ("disambiguation", "twelve factor config", "factor-config"),
    ("disambiguation", "12 factor logs", "factor-logs"),
    (
        "disambiguation",
        "client side discovery",
        "client-side-discovery",
    ),
    (
        "disambiguation",
        "server side discovery",
        "server-side-discovery",
    ),
    ("disambiguation", "low watermark", "low-water-mark"),
    ("disambiguation", "high watermark", "high-water-mark"),
    (
        "disambiguation",
        "monolith vs microservices",
        "monolith-vs-microservices",
    ),
    ("disambiguation", "modular monolith", "modular-monolith"),
    ("disambiguation", "rate limiting", "rate-limiting-pattern"),
    ("disambiguation", "snowflake schema", "snowflake-schema"),
    (
        "disambiguation",
        "lambda architecture",
        "lambda-architecture",
    ),
    (
        "disambiguation",
        "serverless deployment",
        "serverless-deployment",
    ),
    ("disambiguation", "kappa", "kappa-architecture"),
    (
        "disambiguation",
        "latency vs throughput",
        "latency-vs-throughput",
    ),
    ("disambiguation", "latency is zero", "latency-is-zero"),
    // Normalisation: case, diacritics, hyphens, possessives.
    ("normalisation", "CIRCUIT-BREAKER", "circuit-breaker"),
    ("normalisation", "Conways Law", "conways-law"),
    ("normalisation", "pub-sub", "publisher-subscriber"),
    ("normalisation", "pubsub", "publisher-subscriber"),
    ("normalisation", "write-ahead-log", "write-ahead-log"),
    ("normalisation", "blue/green", "blue-green-deployment"),
    ("normalisation", "dénormalisation", "denormalization"),
    ("normalisation", "read your writes", "read-your-writes"),
    // The topics added since: DDD, styles, consensus, isolation, storage, security, ops, laws.
    ("name", "hexagonal architecture", "hexagonal-architecture"),
    ("alias", "ports and adapters", "hexagonal-architecture"),
    ("name", "bounded context", "bounded-context"),
    ("name", "raft", "raft"),
    ("name", "bloom filter", "bloom-filter"),
    ("typo", "blom filter", "bloom-filter"),
    ("name", "snapshot isolation", "snapshot-isolation"),
    ("name", "write skew", "write-skew"),
    (
        "name",
        "architecture decision record",
        "architecture-decision-records",
    ),
    ("acronym", "adr", "architecture-decision-records"),
    ("normalisation", "hyrums law", "hyrums-law"),
    ("normalisation", "littles law", "littles-law"),
    ("name", "load shedding", "load-shedding"),
    ("name", "thundering herd", "thundering-herd"),
    ("name", "zero trust", "zero-trust-architecture"),
    ("name", "oauth pkce", "oauth-authorization-code-pkce"),
    ("name", "golden signals", "four-golden-signals"),
    (
        "normalisation",
        "trunk based development",
        "trunk-based-development",
    ),
    ("name", "lsm tree", "lsm-tree"),
    ("acronym", "crdt", "crdt"),
    ("name", "fencing token", "fencing-token"),
    ("name", "two generals", "two-generals-problem"),
    ("name", "event storming", "event-storming"),
    ("normalisation", "chesterton's fence", "chestertons-fence"),
    (
        "description",
        "drop requests when overloaded so the rest still succeed",
        "load-shedding",
    ),
    (
        "description",
        "many clients retry at the same moment after an outage",
        "thundering-herd",
    ),
    ("description", "merge replicas without coordination", "crdt"),
];

#[test]
fn relevance() {
    let (corpus, _) = Corpus::embedded();
    let index = Index::new(&corpus);
    let mut top1 = 0;
    let mut top3 = 0;
    let mut rr = 0.0;
    let mut misses = Vec::new();
    for &(category, query, want) in CASES {
        assert!(
            corpus.position(want).is_some(),
            "{want} is not an entry ({query:?})"
        );
        let hits = index.query(query, None);
        let ids: Vec<&str> = hits
            .iter()
            .map(|h| corpus.entries()[h.index].id.as_str())
            .collect();
        let rank = ids.iter().position(|id| *id == want);
        match rank {
            Some(0) => top1 += 1,
            _ => misses.push(format!(
                "{category:>14}  {query:?}: want {want}, rank {}, got {:?}",
                rank.map_or("none".to_string(), |r| (r + 1).to_string()),
                &ids[..ids.len().min(3)]
            )),
        }
        if rank.is_some_and(|r| r < 3) {
            top3 += 1;
        }
        if let Some(r) = rank {
            rr += 1.0 / (r as f64 + 1.0);
        }
    }
    let n = CASES.len() as f64;
    let (p1, p3, mrr) = (top1 as f64 / n, top3 as f64 / n, rr / n);
    println!(
        "relevance over {} queries: top-1 {:.1}%, top-3 {:.1}%, MRR {:.3}",
        CASES.len(),
        p1 * 100.0,
        p3 * 100.0,
        mrr
    );
    for m in &misses {
        println!("  miss {m}");
    }
    assert!(CASES.len() >= 150, "only {} queries", CASES.len());
    assert!(
        p1 >= 0.95 && top3 == CASES.len(),
        "top-1 {:.1}% (need 95%), top-3 {top3}/{} (need all):\n{}",
        p1 * 100.0,
        CASES.len(),
        misses.join("\n")
    );
}

/// Words that once had no entry and returned junk now have one, and find it.
#[test]
fn former_junk_now_finds_its_entry() {
    let (corpus, _) = Corpus::embedded();
    let index = Index::new(&corpus);
    for (q, want) in [("hyperloglog", "hyperloglog"), ("crdt", "crdt")] {
        let hits = index.query(q, None);
        let first = hits.first().map(|h| corpus.entries()[h.index].id.as_str());
        assert_eq!(first, Some(want), "{q:?}");
    }
}

/// A name made only of common words is still found by that name, and such words alone find
/// nothing else.
#[test]
fn names_of_stop_words_find_their_entry() {
    let (corpus, _) = Corpus::embedded();
    let index = Index::new(&corpus);
    let first = |q: &str| {
        index
            .query(q, None)
            .first()
            .map(|h| corpus.entries()[h.index].id.clone())
    };
    assert_eq!(
        first("at most once").as_deref(),
        Some("at-most-once-delivery")
    );
    assert_eq!(
        first("at-most-once").as_deref(),
        Some("at-most-once-delivery")
    );
    for q in ["it is", "what the", "we are"] {
        assert_eq!(first(q), None, "{q:?}");
    }
}

#[test]
fn junk_returns_nothing() {
    let (corpus, _) = Corpus::embedded();
    let index = Index::new(&corpus);
    for q in [
        "banana bread recipe",
        "weather forecast tomorrow",
        "zxqvjk",
        "sourdough starter",
        "knitting scarves",
        "guitar chords",
        "premier league results",
        "asdf qwer",
        "lorem ipsum dolor",
    ] {
        let hits = index.query(q, None);
        let ids: Vec<&str> = hits
            .iter()
            .take(3)
            .map(|h| corpus.entries()[h.index].id.as_str())
            .collect();
        assert!(hits.is_empty(), "{q:?} returned {ids:?}");
    }
}
