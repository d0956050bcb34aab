use super::*;
use crate::case::glob_match;

#[test]
fn durations() {
    assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
    assert_eq!(parse_duration("10s").unwrap(), Duration::from_secs(10));
    assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
    assert_eq!(parse_duration("3").unwrap(), Duration::from_secs(3));
    for bad in [
        "0",
        "0s",
        "-1s",
        "abc",
        "2h",
        "61m",
        "99999999999999999999s",
        "",
    ] {
        assert!(parse_duration(bad).is_err(), "{bad}");
    }
}

#[test]
fn urls() {
    assert_eq!(
        validate_url("http://127.0.0.1:4022/").unwrap(),
        "http://127.0.0.1:4022"
    );
    assert_eq!(
        validate_url("https://x.example/facilitator").unwrap(),
        "https://x.example/facilitator"
    );
    assert!(validate_url("ftp://x").is_err());
    assert!(validate_url("http://x/?a=1").is_err());
    assert!(validate_url("not a url").is_err());
}

#[test]
fn assets_and_rpc_urls() {
    let a = parse_assets(&["eip155:1=0xa".into(), "eip155:1=0xb".into()]).unwrap();
    assert_eq!(a["eip155:1"], vec!["0xa", "0xb"]);
    assert!(parse_assets(&["0xa".into()]).is_err());
    let r = parse_rpc_urls(&[
        "https://rpc.example/KEY?x=1".into(),
        "eip155:8453=http://localhost:8545".into(),
    ])
    .unwrap();
    assert_eq!(
        r.for_network("eip155:1"),
        Some("https://rpc.example/KEY?x=1")
    );
    assert_eq!(r.for_network("eip155:8453"), Some("http://localhost:8545"));
    let err = parse_rpc_urls(&["eip155:1=nope SECRET".into()])
        .unwrap_err()
        .to_string();
    assert!(!err.contains("SECRET"), "{err}");
}

#[test]
fn cli_parses_and_rejects() {
    let cli = Cli::try_parse_from([
        "x",
        "facilitator",
        "--url",
        "http://h",
        "--tag",
        "verify",
        "--level",
        "must",
        "--id",
        "a/*",
    ])
    .unwrap();
    let Command::Facilitator(f) = cli.command else {
        panic!()
    };
    assert_eq!(f.run.select.tags, vec![Tag::Verify]);
    assert_eq!(f.run.select.level, Some(Level::Must));
    assert!(Cli::try_parse_from(["x", "list", "--tag", "bogus"]).is_err());
    let Command::Facilitator(f) = Cli::try_parse_from(["x", "facilitator"]).unwrap().command else {
        panic!()
    };
    assert!(
        f.url.is_none(),
        "without --url the built-in reference is tested"
    );
    assert!(Cli::try_parse_from(["x", "facilitator", "--defect", "accept-replay"]).is_ok());
    assert!(Cli::try_parse_from(["x", "serve-reference", "--defect", "nope"]).is_err());
    // There is no option that takes the key itself.
    assert!(
        Cli::try_parse_from(["x", "facilitator", "--url", "http://h", "--payer-key", "00"])
            .is_err()
    );
}

#[test]
fn config_validation() {
    let mut args = match Cli::try_parse_from(["x", "facilitator", "--url", "http://h"])
        .unwrap()
        .command
    {
        Command::Facilitator(f) => *f,
        _ => panic!(),
    };
    args.payer_key_env = "X402_CONFORMANCE_TEST_UNSET_VARIABLE".into();
    assert!(
        load_payer_key(&args.payer_key_env, &args.payer_key_file)
            .unwrap()
            .is_none()
    );
    let c = build_config(&args, "http://h", None, false).unwrap();
    assert_eq!(c.timeout, Duration::from_secs(10));
    assert!(c.payer_key.is_none() && !c.allow_settlement && c.rpc_urls.is_empty());
    assert_eq!(c.skew_secs, 1, "remote targets get a 1 s skew allowance");
    let local = build_config(&args, "http://127.0.0.1:9", None, false).unwrap();
    assert_eq!(local.skew_secs, 0);
    let r = build_config(&args, "http://127.0.0.1:9", None, true).unwrap();
    assert!(r.allow_settlement && r.max_spend > U256::ZERO);
    assert_eq!(
        r.rpc_urls.for_network("eip155:84532"),
        Some("http://127.0.0.1:9/rpc")
    );
    args.run.skew = Some(3);
    assert_eq!(
        build_config(&args, "http://h", None, false)
            .unwrap()
            .skew_secs,
        3
    );
    args.pay_to = Some("0x12".into());
    assert!(
        build_config(&args, "http://h", None, false)
            .unwrap_err()
            .to_string()
            .contains("--pay-to")
    );
    args.pay_to = None;
    args.load = Some("0s".into());
    assert!(build_config(&args, "http://h", None, false).is_err());
    args.load = None;
    args.max_spend = "1e6".into();
    assert!(
        build_config(&args, "http://h", None, false)
            .unwrap_err()
            .to_string()
            .contains("--max-spend")
    );
    args.max_spend = "0".into();
    args.run.concurrency = Some(0);
    assert!(build_config(&args, "http://h", None, false).is_err());
    args.run.concurrency = Some(4);
    args.run.report_json = Some(PathBuf::from("/nonexistent-dir-x402/r.json"));
    assert!(
        build_config(&args, "http://h", None, false)
            .unwrap_err()
            .to_string()
            .contains("does not exist")
    );
    assert!(is_loopback_url("http://localhost:1") && is_loopback_url("http://[::1]:2"));
    assert!(!is_loopback_url("https://x402.org/facilitator"));
    assert_eq!(
        reference_payer_key().unwrap().source().to_string(),
        "built-in reference test key"
    );
}

/// The long `--help` of one subcommand, as the binary prints it.
fn subcommand_help(name: &str) -> String {
    let mut cmd = args::command();
    let sub = cmd
        .find_subcommand_mut(name)
        .unwrap_or_else(|| panic!("no subcommand {name}"));
    sub.render_long_help().to_string()
}

#[test]
fn role_help_lists_every_defect_of_its_reference() {
    let facilitator = subcommand_help("facilitator");
    for d in Defect::ALL {
        assert!(
            facilitator.contains(d.name()),
            "facilitator --help lacks {}",
            d.name()
        );
    }
    let server = subcommand_help("server");
    for d in ResourceDefect::ALL {
        assert!(
            server.contains(d.name()),
            "server --help lacks {}",
            d.name()
        );
    }
    let client = subcommand_help("client");
    for d in ClientDefect::ALL {
        assert!(
            client.contains(d.name()),
            "client --help lacks {}",
            d.name()
        );
    }
}

#[test]
fn server_and_client_help_give_their_own_selection_examples() {
    for role in ["server", "client"] {
        let help = subcommand_help(role);
        assert!(
            !help.contains("facilitator/verify/*") && !help.contains("--tag robustness"),
            "{role} --help reuses the facilitator's examples:\n{help}"
        );
        let sel = ROLE_SELECTIONS
            .iter()
            .find(|s| s.role == role)
            .expect("a selection help per role");
        // The examples select cases of the role: the glob matches an id, the tag is carried.
        let cases = crate::cases::role_catalogue(role);
        assert!(cases.iter().any(|c| glob_match(sel.id, c.id)), "{}", sel.id);
        assert!(
            cases.iter().any(|c| glob_match(sel.skip, c.id)),
            "{}",
            sel.skip
        );
        let tag: Tag = sel.tag.parse().expect("a tag name");
        assert!(cases.iter().any(|c| c.tags.contains(&tag)), "{}", sel.tag);
        assert!(help.contains(&format!("--id '{}'", sel.id)), "{help}");
        assert!(help.contains(&format!("--tag {}", sel.tag)), "{help}");
    }
    // The facilitator keeps its own.
    assert!(subcommand_help("facilitator").contains("--id 'facilitator/verify/*'"));
}

#[test]
fn the_patched_command_parses_like_the_derived_one() {
    let m = args::command()
        .try_get_matches_from(["x", "server", "--id", "server/*", "--tag", "paid"])
        .unwrap();
    let Command::Server(s) = <Cli as clap::FromArgMatches>::from_arg_matches(&m)
        .unwrap()
        .command
    else {
        panic!()
    };
    assert_eq!(s.run.select.ids, vec!["server/*".to_owned()]);
    assert_eq!(s.run.select.tags, vec![Tag::Paid]);
}

#[test]
fn programs_are_found_as_a_spawn_would_find_them() {
    assert!(roles::find_program("sh").is_some(), "sh is on PATH");
    assert!(roles::find_program("/bin/sh").is_some());
    assert!(roles::find_program("x402-no-such-program-here").is_none());
    assert!(roles::find_program("/nonexistent/prog").is_none());
    assert!(roles::find_program("").is_none());
    // A directory is not a program.
    assert!(roles::find_program("/").is_none());
}

#[test]
fn a_client_command_that_cannot_start_is_a_usage_error() {
    let code = main_with_args(["x", "client", "--quiet", "--", "/nonexistent/prog", "{url}"]);
    assert_eq!(code, EXIT_USAGE);
}
