//! The `server`, `client`, `reference-client` and `serve-reference` subcommands.

use super::*;

/// The run configuration shared by `server` and `client` (no network access).
/// The `--expect` globs and those of `--expect-file` (one per line; text after the first white
/// space is a comment; blank lines and `#` lines are skipped).
pub(super) fn expected_globs(run: &RunArgs) -> Result<Vec<String>, CliError> {
    let mut out = run.expect.clone();
    if let Some(path) = &run.expect_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::Usage(format!("cannot read --expect-file {}: {e}", path.display()))
        })?;
        out.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .filter_map(|l| l.split_whitespace().next())
                .map(str::to_owned),
        );
    }
    Ok(out)
}

pub(super) fn role_config(
    run: &RunArgs,
    target: &str,
    default_timeout: &str,
    default_concurrency: usize,
) -> Result<RunConfig, CliError> {
    let timeout = parse_duration(run.timeout.as_deref().unwrap_or(default_timeout))?;
    let concurrency = run.concurrency.unwrap_or(default_concurrency);
    if !(1..=64).contains(&concurrency) {
        return Err(CliError::Usage(format!(
            "--concurrency must be between 1 and 64, got {concurrency}"
        )));
    }
    check_report_path("--report-json", &run.report_json)?;
    check_report_path("--junit", &run.junit)?;
    check_report_path("--report-html", &run.report_html)?;
    check_triage_outputs(run)?;
    let mut config = RunConfig::new(target);
    config.timeout = timeout;
    config.concurrency = concurrency;
    config.serial_settlements = !run.parallel_settlements;
    config.expected = expected_globs(run)?;
    config.strict = run.strict;
    config.profile = run.profile;
    config.skew_secs = run
        .skew
        .unwrap_or(if is_loopback_url(target) { 0 } else { 1 });
    Ok(config)
}

pub(super) fn role_output(run: &RunArgs) -> OutputOpts<'_> {
    OutputOpts {
        report_json: &run.report_json,
        junit: &run.junit,
        report_html: &run.report_html,
        report_sarif: &run.report_sarif,
        evidence: &run.evidence,
        compare: &run.compare,
        quiet: run.quiet,
        color: use_color(run.color),
    }
}

/// Starts the built-in reference resource server on 127.0.0.1:0, settling over HTTP through the
/// harness's fault-injecting facilitator at `facilitator` (which funds `payer` too).
pub(super) async fn start_reference_resource(
    payer: &PayerKey,
    defects: BTreeSet<ResourceDefect>,
    facilitator: &FaultsServer,
    v1: bool,
) -> Result<crate::loopback::handler::HandlerServer, CliError> {
    let signer = LocalSigner::from_bytes(payer.expose_secret())
        .map_err(|e| CliError::Usage(format!("payer key: {e}")))?;
    facilitator
        .backend
        .fund(signer.address())
        .map_err(|e| CliError::Io(e.to_string()))?;
    let link = crate::reference::resource::FacilitatorLink::Http {
        base: facilitator.server.url(),
        timeout: facilitator.link_timeout,
    };
    let pay_to = EvmAddress::new(crate::ctx::DEFAULT_PAY_TO);
    let handler: Arc<dyn crate::loopback::handler::Handler> = if v1 {
        Arc::new(
            crate::reference::resource_v1::ReferenceResourceV1::with_link(link, pay_to, defects)
                .map_err(|e| CliError::Io(e.to_string()))?,
        )
    } else {
        Arc::new(
            crate::reference::resource::ReferenceResource::with_link(link, pay_to, defects)
                .map_err(|e| CliError::Io(e.to_string()))?,
        )
    };
    crate::loopback::handler::serve(SocketAddr::from(([127, 0, 0, 1], 0)), handler, 1024 * 1024)
        .await
        .map_err(|e| CliError::Io(e.to_string()))
}

/// The fault-injecting facilitator the harness serves to the resource server under test.
pub(super) struct FaultsServer {
    pub(super) backend: Arc<crate::reference::faults::FaultyFacilitator>,
    pub(super) server: crate::loopback::LoopbackServer,
    /// How long the built-in reference resource server waits for it (less than its hang).
    pub(super) link_timeout: std::time::Duration,
}

/// Serves the fault-injecting facilitator at `bind` (loopback only): a hang lasts half the
/// request `timeout`, so that a server waiting out the hang still answers within the harness's
/// own timeout.
pub(super) async fn start_faults_facilitator(
    bind: SocketAddr,
    timeout: std::time::Duration,
) -> Result<FaultsServer, CliError> {
    let payer = LocalSigner::from_bytes(&crate::reference::facilitator::REFERENCE_PAYER_KEY)
        .map_err(|e| CliError::Io(format!("reference payer key: {e}")))?;
    let backend = Arc::new(
        crate::reference::faults::FaultyFacilitator::new(payer.address())
            .map_err(|e| CliError::Io(e.to_string()))?,
    );
    let options = crate::loopback::ServerOptions {
        max_hang: timeout.checked_div(2).unwrap_or(timeout),
        ..Default::default()
    };
    let server = crate::loopback::LoopbackServer::start(
        bind,
        Arc::clone(&backend) as Arc<dyn crate::loopback::FacilitatorBackend>,
        options,
    )
    .await
    .map_err(|e| CliError::Usage(format!("--facilitator-faults: {e}")))?;
    Ok(FaultsServer {
        backend,
        server,
        link_timeout: timeout.checked_div(4).unwrap_or(timeout),
    })
}

pub(super) async fn server_role(args: ServerArgs) -> Result<u8, CliError> {
    let reference = args.url.is_none();
    if !reference && !args.defects.is_empty() {
        return Err(CliError::Usage(
            "--defect seeds the built-in reference resource server; it cannot be combined with --url"
                .to_owned(),
        ));
    }
    let all = crate::cases::server_catalogue();
    let filter = args.run.select.filter();
    let selected: Vec<&Case> = filter.apply(&all);
    if selected.is_empty() {
        return Err(CliError::Usage(
            "no server case matches the selection (see `x402-conformance list --role server`)"
                .to_owned(),
        ));
    }
    let payer_key = match load_payer_key(&args.payer_key_env, &args.payer_key_file)? {
        Some(k) => Some(k),
        None if reference => Some(reference_payer_key()?),
        None => None,
    };
    let mut max_spend = U256::from_str_radix(args.max_spend.trim(), 10).map_err(|_| {
        CliError::Usage(format!(
            "invalid --max-spend {:?}: expected a decimal amount in atomic units",
            args.max_spend
        ))
    })?;
    if reference && max_spend.is_zero() {
        max_spend = U256::from(REFERENCE_MAX_SPEND);
    }
    let path = args.path.clone().unwrap_or_else(|| {
        if reference {
            "/paid".to_owned()
        } else {
            String::new()
        }
    });
    if !path.is_empty() && !path.starts_with('/') {
        return Err(CliError::Usage(format!(
            "--path {path:?} must start with /"
        )));
    }
    // Validate everything before starting a server.
    let placeholder = args
        .url
        .clone()
        .unwrap_or_else(|| "http://127.0.0.1:1".to_owned());
    let base = validate_url(&placeholder)?;
    let checked = role_config(&args.run, &format!("{base}{path}"), "10s", 4)?;
    let faults = match (args.facilitator_faults, reference) {
        (Some(bind), _) => Some(start_faults_facilitator(bind, checked.timeout).await?),
        (None, true) => Some(
            start_faults_facilitator(SocketAddr::from(([127, 0, 0, 1], 0)), checked.timeout)
                .await?,
        ),
        (None, false) => None,
    };
    let server = match (&payer_key, reference, &faults) {
        (Some(k), true, Some(f)) => {
            let defects: BTreeSet<ResourceDefect> = args.defects.iter().copied().collect();
            Some(start_reference_resource(k, defects, f, args.reference_v1).await?)
        }
        _ => None,
    };
    if let (Some(f), false) = (&faults, reference) {
        err_line(&format!(
            "x402-conformance: fault-injecting facilitator at {} (the server under test must use it as its facilitator URL)",
            f.server.url()
        ));
    }
    let base = server.as_ref().map_or(base, |s| s.url());
    let target = format!("{base}{path}");
    let mut config = role_config(&args.run, &target, "10s", 4)?;
    config.payer_key = payer_key.map(Arc::new);
    config.max_spend = max_spend;
    config.allow_settlement = args.allow_settlement || reference;
    config.facilitator_faults = faults.as_ref().map(|f| Arc::clone(&f.backend));
    if reference {
        let defects: Vec<&str> = args.defects.iter().map(|d| d.name()).collect();
        err_line(&format!(
            "x402-conformance: built-in reference resource server at {target} ({}); point --url at a real server to test it",
            if defects.is_empty() {
                "no seeded defect".to_owned()
            } else {
                format!("seeded defect(s): {}", defects.join(", "))
            }
        ));
    }
    let client = HttpClient::new(&config.target, config.timeout, config.body_cap)
        .map_err(|e| CliError::Io(e.to_string()))?;
    client
        .probe_tcp()
        .await
        .map_err(|e| CliError::Unreachable(format!("{} ({e})", config.target_for_report())))?;
    if !reference && faults.is_some() {
        // A server started before the harness's facilitator was listening may have failed its
        // start-up GET /supported; @x402/express 2.27.0 answers the first request after that with
        // 500 and syncs on the next one. One unpaid request lets it sync before any case runs.
        let warm = client
            .send(
                "GET",
                "",
                vec![("accept".to_owned(), "application/json".to_owned())],
                bytes::Bytes::new(),
            )
            .await;
        err_line(&format!(
            "x402-conformance: warm-up request (lets the server sync with the harness facilitator): {}",
            warm.summary()
        ));
    }
    let root = Ctx::new(config, client, None);
    let out = role_output(&args.run);
    let result = execute_cases("server", &root, &selected, filter, Vec::new(), &out).await;
    if let Some(s) = server {
        s.shutdown().await;
    }
    if let Some(f) = faults {
        f.server.shutdown().await;
    }
    result
}

pub(super) async fn client_role(args: ClientArgs) -> Result<u8, CliError> {
    let builtin = args.command.is_empty();
    if !builtin && !args.defects.is_empty() {
        return Err(CliError::Usage(
            "--defect seeds the built-in reference client; it cannot be combined with a COMMAND"
                .to_owned(),
        ));
    }
    let max_amount = if args.no_spend_limit {
        None
    } else {
        Some(
            U256::from_str_radix(args.max_amount.trim(), 10).map_err(|_| {
                CliError::Usage(format!(
                    "invalid --max-amount {:?}: expected a decimal amount in atomic units",
                    args.max_amount
                ))
            })?,
        )
    };
    let versions: std::collections::BTreeSet<u64> = args.versions.iter().copied().collect();
    let all = crate::cases::client_catalogue();
    let filter = args.run.select.filter();
    let selected: Vec<&Case> = filter.apply(&all);
    if selected.is_empty() {
        return Err(CliError::Usage(
            "no client case matches the selection (see `x402-conformance list --role client`)"
                .to_owned(),
        ));
    }
    let (command, label) = if builtin {
        let exe = std::env::current_exe()
            .map_err(|e| CliError::Io(format!("cannot locate this executable: {e}")))?;
        let defects: Vec<String> = args.defects.iter().map(|d| d.name().to_owned()).collect();
        let label = if defects.is_empty() {
            "built-in reference client".to_owned()
        } else {
            format!(
                "built-in reference client (defects: {})",
                defects.join(", ")
            )
        };
        (
            crate::cases::client::reference_client_command(&exe.to_string_lossy(), &defects),
            label,
        )
    } else {
        // A command that cannot start is a usage error before any case runs, not one errored
        // case per selected case.
        if let Some(program) = args.command.first()
            && find_program(program).is_none()
        {
            return Err(CliError::Usage(format!(
                "cannot start the client {program:?}: no such executable file{}",
                if program.contains('/') {
                    ""
                } else {
                    " on PATH"
                }
            )));
        }
        (args.command.clone(), args.command.join(" "))
    };
    let mut config = role_config(&args.run, "http://127.0.0.1", "30s", 2)?;
    config.client = Some(crate::ctx::ClientTarget {
        command,
        max_amount,
        versions: versions.clone(),
        run_timeout: config.timeout,
        label: label.clone(),
    });
    let client = HttpClient::new(&config.target, config.timeout, config.body_cap)
        .map_err(|e| CliError::Io(e.to_string()))?;
    let root = Ctx::new(config, client, None);
    let out = role_output(&args.run);
    let settings = vec![
        ("client".to_owned(), label),
        (
            "maxAmount".to_owned(),
            max_amount.map_or_else(|| "none (--no-spend-limit)".to_owned(), |m| m.to_string()),
        ),
        (
            "versions".to_owned(),
            versions
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(","),
        ),
    ];
    execute_cases("client", &root, &selected, filter, settings, &out).await
}

pub(super) async fn reference_client(args: RefClientArgs) -> Result<u8, CliError> {
    let url = reqwest::Url::parse(&args.url)
        .map_err(|e| CliError::Usage(format!("invalid URL {:?}: {e}", args.url)))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(CliError::Usage(
            "the URL must be http:// or https://".to_owned(),
        ));
    }
    let key = match load_payer_key(&args.payer_key_env, &args.payer_key_file)? {
        Some(k) => k,
        None => reference_payer_key()?,
    };
    let signer = LocalSigner::from_bytes(key.expose_secret())
        .map_err(|e| CliError::Usage(format!("payer key: {e}")))?;
    let max_text = args
        .max_amount
        .clone()
        .or_else(|| std::env::var(crate::cases::client::MAX_AMOUNT_ENV).ok())
        .unwrap_or_else(|| crate::reference::client::DEFAULT_MAX_AMOUNT.to_string());
    let max = U256::from_str_radix(max_text.trim(), 10).map_err(|_| {
        CliError::Usage(format!(
            "invalid maximum amount {max_text:?}: expected a decimal amount in atomic units"
        ))
    })?;
    let opts = crate::reference::client::RefClientOptions {
        url: args.url.clone(),
        signer,
        max_amount: Some(max),
        timeout: parse_duration(&args.timeout)?,
        defects: args.defects.clone(),
    };
    let outcome = crate::reference::client::run(&opts).await;
    let mut text = outcome.lines.join("\n");
    text.push('\n');
    out_text(&mut std::io::stdout().lock(), &text)?;
    let _ = std::io::stdout().flush();
    Ok(outcome.exit_code)
}

pub(super) async fn serve_reference(args: ServeArgs) -> Result<u8, CliError> {
    let bind: SocketAddr = args.bind.parse().map_err(|e| {
        CliError::Usage(format!(
            "invalid --bind {:?}: {e} (expected e.g. 127.0.0.1:0)",
            args.bind
        ))
    })?;
    let defects: BTreeSet<Defect> = args.defects.iter().copied().collect();
    let payer_key = match load_payer_key(&args.payer_key_env, &args.payer_key_file)? {
        Some(k) => k,
        None => reference_payer_key()?,
    };
    let signer = LocalSigner::from_bytes(payer_key.expose_secret())
        .map_err(|e| CliError::Usage(format!("payer key: {e}")))?;
    let backend = ReferenceBackend::new(signer.address(), defects.clone())
        .map_err(|e| CliError::Io(e.to_string()))?;
    let facilitator = backend.facilitator();
    let options = ServerOptions {
        body_limit: args.body_limit,
        ..ServerOptions::default()
    };
    let server = LoopbackServer::start(bind, Arc::new(backend), options)
        .await
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let defect_names: Vec<&str> = defects.iter().map(|d| d.name()).collect();
    out_text(
        &mut std::io::stdout().lock(),
        &format!(
            "listening on {}\npayer {} (funded with {} atomic units of each token, unlimited Permit2 allowance; key: {})\nfacilitator {}\ndefects {}\n",
            server.url(),
            signer.address(),
            REFERENCE_FUNDING,
            payer_key.source(),
            facilitator,
            if defect_names.is_empty() {
                "none".to_owned()
            } else {
                defect_names.join(", ")
            }
        ),
    )?;
    let _ = std::io::stdout().flush();
    wait_for_termination().await;
    server.shutdown().await;
    Ok(EXIT_OK)
}

pub(super) async fn wait_for_termination() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The executable `program` names, as a process spawn would find it: a path when it contains a
/// `/` (relative to the working directory), otherwise the first match in `PATH`.
pub(super) fn find_program(program: &str) -> Option<PathBuf> {
    fn runnable(path: &Path) -> bool {
        let Ok(meta) = std::fs::metadata(path) else {
            return false;
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            meta.is_file() && meta.permissions().mode() & 0o111 != 0
        }
        #[cfg(not(unix))]
        {
            meta.is_file()
        }
    }
    if program.is_empty() {
        return None;
    }
    if program.contains('/') || program.contains(std::path::MAIN_SEPARATOR) {
        let path = PathBuf::from(program);
        return runnable(&path).then_some(path);
    }
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(program))
        .find(|candidate| {
            runnable(candidate) || (cfg!(windows) && runnable(&candidate.with_extension("exe")))
        })
}

pub(super) async fn audit_role(args: AuditArgs) -> Result<u8, CliError> {
    let timeout = parse_duration(args.timeout.as_deref().unwrap_or("10s"))?;
    let delay = parse_duration(&args.delay)?;
    if !(1..=64).contains(&args.concurrency) {
        return Err(CliError::Usage(format!(
            "--concurrency must be between 1 and 64, got {}",
            args.concurrency
        )));
    }
    check_report_path("--report-json", &args.report_json)?;
    check_report_path("--junit", &args.junit)?;
    check_report_path("--report-html", &args.report_html)?;
    let mut urls = args.urls.clone();
    if let Some(base) = &args.from_discovery {
        let base = validate_url(base)?;
        let found = crate::audit::discover(&base, timeout, args.limit)
            .await
            .map_err(|e| CliError::Unreachable(format!("{base}: {e}")))?;
        err_line(&format!(
            "x402-conformance: {} http resource(s) listed by {base}",
            found.len()
        ));
        urls.extend(found);
    }
    if urls.is_empty() {
        return Err(CliError::Usage(
            "nothing to audit: give URLs or --from-discovery FACILITATOR_URL".to_owned(),
        ));
    }
    let opts = crate::audit::AuditOptions {
        timeout,
        concurrency: args.concurrency,
        delay,
        profile: args.profile,
        strict: args.strict,
    };
    err_line(&format!(
        "x402-conformance {}: audit of {} URL(s), {} case(s) each, timeout {}, {} host(s) at a time, --profile {}",
        env!("CARGO_PKG_VERSION"),
        urls.len(),
        crate::audit::audit_cases().len(),
        fmt_duration(timeout),
        args.concurrency,
        args.profile
    ));
    let rows = crate::audit::audit(&urls, &opts, &mut |_| {}).await;
    if !args.quiet {
        print!("{}", crate::audit::table(&rows, args.strict));
    }
    write_report("--report-json", &args.report_json, || {
        let mut s =
            serde_json::to_string_pretty(&crate::audit::to_json(&rows, &opts)).unwrap_or_default();
        s.push('\n');
        s
    })?;
    write_report("--junit", &args.junit, || {
        crate::audit::to_junit(&rows, args.strict)
    })?;
    write_report("--report-html", &args.report_html, || {
        crate::audit::to_html(&rows, args.strict)
    })?;
    let bad = rows.iter().filter(|r| !r.ok(args.strict)).count();
    err_line(&format!(
        "{} of {} URL(s) pass{}",
        rows.len().saturating_sub(bad),
        rows.len(),
        if args.strict { " (--strict)" } else { "" }
    ));
    Ok(u8::from(bad > 0))
}

/// Validates `--report-sarif`, `--evidence` and `--compare` before anything runs: a path that
/// cannot be written, a non-empty evidence directory or an unreadable old report is a usage
/// error (exit 2), not a surprise after the run.
pub(super) fn check_triage_outputs(run: &RunArgs) -> Result<(), CliError> {
    check_report_path("--report-sarif", &run.report_sarif)?;
    if let Some(dir) = &run.evidence {
        crate::report::evidence::check_dir(dir).map_err(CliError::Usage)?;
    }
    if let Some(old) = &run.compare {
        crate::report::compare::ReportCases::load(old)
            .map_err(|e| CliError::Usage(format!("--compare: {e}")))?;
    }
    Ok(())
}

/// `--compare OLD.json`: prints the differences between OLD and the run just finished. A report
/// of another role is noted on stderr and not compared; neither changes the exit code.
pub(super) fn print_comparison(
    old: &Path,
    report: &RunReport,
    color: bool,
) -> Result<(), CliError> {
    use crate::report::compare::{ReportCases, diff};
    let old_cases =
        ReportCases::load(old).map_err(|e| CliError::Usage(format!("--compare: {e}")))?;
    let new_cases = ReportCases::from_value(&json::to_value(report)).map_err(CliError::Io)?;
    match diff(&old_cases, &new_cases) {
        Ok(d) => out_text(
            &mut std::io::stdout().lock(),
            &format!(
                "\n{}",
                d.render(&old.display().to_string(), "this run", color)
            ),
        ),
        Err(e) => {
            err_line(&format!(
                "x402-conformance: --compare {}: {e}; not compared",
                old.display()
            ));
            Ok(())
        }
    }
}

/// `compare OLD.json NEW.json`: exit 1 when a case regressed, 0 otherwise; an unreadable report
/// or reports of different roles are a usage error (exit 2).
pub(super) fn compare_reports(args: &CompareArgs) -> Result<u8, CliError> {
    use crate::report::compare::{ReportCases, diff};
    let old = ReportCases::load(&args.old).map_err(CliError::Usage)?;
    let new = ReportCases::load(&args.new).map_err(CliError::Usage)?;
    let d = diff(&old, &new).map_err(CliError::Usage)?;
    let color = use_color(args.color) && std::io::stdout().is_terminal();
    out_text(
        &mut std::io::stdout().lock(),
        &d.render(
            &args.old.display().to_string(),
            &args.new.display().to_string(),
            color,
        ),
    )?;
    Ok(if d.has_regression() {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}
