//! `facilitator`: build the run configuration, start the built-in reference when no --url is
//! given, and run the cases, the load test or the fuzzer.

use super::*;

/// Starts the built-in reference facilitator on 127.0.0.1:0 funding `payer`.
pub(super) async fn start_reference(
    payer: &PayerKey,
    defects: BTreeSet<Defect>,
    body_limit: usize,
) -> Result<LoopbackServer, CliError> {
    let signer = LocalSigner::from_bytes(payer.expose_secret())
        .map_err(|e| CliError::Usage(format!("payer key: {e}")))?;
    let backend = ReferenceBackend::new(signer.address(), defects)
        .map_err(|e| CliError::Io(e.to_string()))?;
    let options = ServerOptions {
        body_limit,
        ..ServerOptions::default()
    };
    let bind: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 0));
    LoopbackServer::start(bind, Arc::new(backend), options)
        .await
        .map_err(|e| CliError::Io(e.to_string()))
}

pub(super) async fn facilitator(args: FacilitatorArgs) -> Result<u8, CliError> {
    let reference = args.url.is_none();
    if !reference && !args.defects.is_empty() {
        return Err(CliError::Usage(
            "--defect seeds the built-in reference facilitator; it cannot be combined with --url \
             (use `serve-reference --defect NAME` to serve a defective reference)"
                .to_owned(),
        ));
    }
    let payer_key = match load_payer_key(&args.payer_key_env, &args.payer_key_file)? {
        Some(k) => Some(k),
        None if reference => Some(reference_payer_key()?),
        None => None,
    };
    // Validate every option before starting anything.
    let placeholder = args
        .url
        .clone()
        .unwrap_or_else(|| "http://127.0.0.1:1".to_owned());
    build_config(&args, &placeholder, None, reference)?;
    let server = match (&payer_key, reference) {
        (Some(k), true) => {
            let defects: BTreeSet<Defect> = args.defects.iter().copied().collect();
            Some(start_reference(k, defects, 1024 * 1024).await?)
        }
        _ => None,
    };
    let target = server
        .as_ref()
        .map(LoopbackServer::url)
        .or_else(|| args.url.clone())
        .unwrap_or(placeholder);
    let config = build_config(&args, &target, payer_key, reference)?;
    if reference {
        let payer = config
            .payer_key
            .as_ref()
            .and_then(|k| LocalSigner::from_bytes(k.expose_secret()).ok())
            .map(|s| s.address().to_string())
            .unwrap_or_default();
        let defects: Vec<&str> = args.defects.iter().map(|d| d.name()).collect();
        err_line(&format!(
            "x402-conformance: built-in reference facilitator at {} (payer {payer}, {}); point --url at a real facilitator to test it",
            config.target,
            if defects.is_empty() {
                "no seeded defect".to_owned()
            } else {
                format!("seeded defect(s): {}", defects.join(", "))
            }
        ));
    }
    let result = run_facilitator(&args, config).await;
    if let Some(s) = server {
        s.shutdown().await;
    }
    result
}

pub(super) async fn run_facilitator(
    args: &FacilitatorArgs,
    config: RunConfig,
) -> Result<u8, CliError> {
    let filter = args.run.select.filter();
    let all = catalogue();
    let selected: Vec<&Case> = filter.apply(&all);
    let load = args.load.as_deref().map(parse_duration).transpose()?;
    if selected.is_empty() && load.is_none() && args.fuzz.is_none() && args.fuzz_time.is_none() {
        return Err(CliError::Usage(
            "no case matches the selection (see `x402-conformance list`)".to_owned(),
        ));
    }
    let client = HttpClient::new(&config.target, config.timeout, config.body_cap)
        .map_err(|e| CliError::Io(e.to_string()))?;

    // Preflight: can we connect at all? (Unreachable → exit 2, not a pile of case failures.)
    client
        .probe_tcp()
        .await
        .map_err(|e| CliError::Unreachable(format!("{} ({e})", config.target_for_report())))?;
    let snapshot = client.get("/supported").await;
    if let Err(e) = &snapshot.response
        && e.kind.is_unreachable()
    {
        return Err(CliError::Unreachable(format!(
            "{} ({e})",
            config.target_for_report()
        )));
    }

    if let Some(body) = snapshot.response.as_ref().ok().and_then(|r| r.json().ok()) {
        let advertised = crate::ctx::parse_supported_kinds(&body);
        for n in &config.networks {
            if !advertised.iter().any(|k| &k.network == n) {
                err_line(&format!(
                    "note: --network {n} is not listed in the target's GET /supported"
                ));
            }
        }
    }
    let color = use_color(args.run.color);
    let quiet = args.run.quiet;
    if let Some(duration) = load {
        let root = Ctx::new(config.clone(), client, Some(snapshot));
        let (description, bodies) =
            crate::load::prepare(&root, duration).map_err(CliError::Usage)?;
        err_line(&format!(
            "x402-conformance {}: load on {} for {} at concurrency {}",
            env!("CARGO_PKG_VERSION"),
            config.target_for_report(),
            fmt_duration(duration),
            config.concurrency
        ));
        let report = crate::load::run(&root, description, bodies, duration, config.concurrency)
            .await
            .map_err(CliError::Io)?;
        out_text(&mut std::io::stdout().lock(), &report.to_string())?;
        return Ok(if report.all_valid() {
            EXIT_OK
        } else {
            EXIT_FAILED
        });
    }
    if args.fuzz.is_some() || args.fuzz_time.is_some() {
        let root = Ctx::new(config.clone(), client, Some(snapshot));
        let budget = crate::fuzz::Budget {
            inputs: args.fuzz,
            time: args.fuzz_time.as_deref().map(parse_duration).transpose()?,
        };
        let seed = args.seed.unwrap_or_else(crate::fuzz::seed_from_clock);
        err_line(&format!(
            "x402-conformance {}: differential fuzzing of {} — seed {seed} (replay with --seed {seed}), {}, --profile {}",
            env!("CARGO_PKG_VERSION"),
            config.target_for_report(),
            budget,
            config.profile
        ));
        let started_at = SystemTime::now();
        let start = Instant::now();
        let outcome = crate::fuzz::run(&root, seed, budget).await;
        let settings = outcome.settings();
        let results = vec![outcome.into_result()];
        if !quiet && let Some(r) = results.first() {
            err_line(&terminal::progress_line(r, 1, 1, config.strict, color));
        }
        let out = role_output(&args.run);
        return finish_run(
            "facilitator",
            &root,
            results,
            filter,
            settings,
            started_at,
            start,
            &out,
        );
    }
    let out = role_output(&args.run);
    let root = Ctx::new(config, client, Some(snapshot));
    execute_cases("facilitator", &root, &selected, filter, Vec::new(), &out).await
}
