//! Word splitting: the one rule every Rust name is derived with.
//!
//! A wire name is cut into words, then the words are joined in snake case
//! (`item_ids`) or upper camel case (`ItemIds`). The cuts, in order:
//!
//! 1. Any character other than an ASCII letter or digit separates words
//!    (`SourceEndpoint.InstanceType`, `migrate_option`, `tcr-ee`).
//! 2. A known mixed-case word is one word where it stands alone: `DDoS`,
//!    `IPv4`, `IPv6`, `OAuth` (see [`MIXED_CASE_WORDS`]).
//! 3. A capital starts a word and takes the lowercase letters after it
//!    (`JobId` → `Job`, `Id`).
//! 4. A run of capitals is an acronym. When a lowercase letter follows, the
//!    run's last capital starts the next word (`IPBlock` → `IP`, `Block`),
//!    except for a lone plural `s`, which stays with the acronym (`IDs`,
//!    `IPs`) when no lowercase letter follows it.
//! 5. Digits stay with the word before them (`Md5`, `Ec2`, `Layer7`,
//!    `V2`), unless an acronym follows them and that word is longer than
//!    one letter: then they form a unit with the acronym
//!    (`Convert3DFormat` → `Convert`, `3D`, `Format`; but `UseV2API` →
//!    `Use`, `V2`, `API`). Digits that start a name take the letters after
//!    them (`2xlarge`).

/// Words whose mixed case would otherwise split them (`DDoS` would give
/// `d_do_s`). Matched case-sensitively, and only when no lowercase letter
/// follows (`OAuthorize` is not `OAuth` + `orize`).
pub const MIXED_CASE_WORDS: &[&str] = &["DDoS", "IPv4", "IPv6", "OAuth"];

/// The words of `name`, as slices of it.
pub fn words(name: &str) -> Vec<&str> {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|chunk| !chunk.is_empty())
        .flat_map(chunk_words)
        .collect()
}

/// Field, method or module name: `ItemIDs` → `item_ids`.
pub fn snake(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// Type or variant name: `migrate_option` → `MigrateOption`,
/// `DescribeDTSIP` → `DescribeDtsip`.
pub fn camel(name: &str) -> String {
    words(name).iter().map(|w| capitalise(w)).collect()
}

/// `IDs` → `Ids`: the first letter upper case, the rest lower case.
pub fn capitalise(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn chunk_words(chunk: &str) -> Vec<&str> {
    let bytes = chunk.as_bytes();
    let n = bytes.len();
    let upper = |i: usize| i < n && bytes[i].is_ascii_uppercase();
    let lower = |i: usize| i < n && bytes[i].is_ascii_lowercase();
    let digit = |i: usize| i < n && bytes[i].is_ascii_digit();
    let run = |mut i: usize, class: &dyn Fn(usize) -> bool| {
        while class(i) {
            i += 1;
        }
        i
    };
    // The acronym at `i`: the capitals a following word does not take.
    let acronym_end = |i: usize| {
        let end = run(i, &upper);
        if lower(end) {
            end - 1
        } else {
            end
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if let Some(word) = MIXED_CASE_WORDS
            .iter()
            .find(|w| chunk[i..].starts_with(**w) && !lower(i + w.len()))
        {
            out.push(&chunk[i..i + word.len()]);
            i += word.len();
            continue;
        }
        let start = i;
        let mut end = if upper(i) {
            let caps = run(i, &upper);
            if caps - i == 1 {
                run(caps, &lower)
            } else if bytes.get(caps) == Some(&b's') && !lower(caps + 1) {
                caps + 1
            } else if lower(caps) {
                caps - 1
            } else {
                caps
            }
        } else if lower(i) {
            run(i, &lower)
        } else {
            // Leading digits take the letters after them: `2xlarge`, `3D`.
            let digits = run(i, &digit);
            if lower(digits) {
                run(digits, &lower)
            } else if acronym_end(digits) > digits {
                acronym_end(digits)
            } else {
                digits
            }
        };
        // Digits after a word stay with it, unless an acronym follows them
        // and the word is more than a letter (`V2API` is `V2`, `API`).
        if digit(end) && start != end && !digit(end - 1) {
            let digits = run(end, &digit);
            if acronym_end(digits) == digits || end - start == 1 {
                end = digits;
            }
        }
        out.push(&chunk[start..end]);
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Input → snake case, for every rule of the module documentation.
    const SNAKE: &[(&str, &str)] = &[
        // 1. separators
        (
            "SourceEndpoint.InstanceType",
            "source_endpoint_instance_type",
        ),
        ("migrate_option", "migrate_option"),
        ("tcr-ee", "tcr_ee"),
        ("Job__Id", "job_id"),
        // 2. mixed-case words
        ("DDoSGeoIPBlockConfig", "ddos_geo_ip_block_config"),
        ("IPv6Address", "ipv6_address"),
        ("SupportIPv4", "support_ipv4"),
        ("OAuthToken", "oauth_token"),
        ("OAuthorize", "o_authorize"),
        // 3. capitalised words
        ("SrcInfoMulti", "src_info_multi"),
        ("jobId", "job_id"),
        ("Type", "type"),
        // 4. acronyms and their plural
        ("DescribeDTSIP", "describe_dtsip"),
        ("DtsInstanceID", "dts_instance_id"),
        ("HTTPSEnabled", "https_enabled"),
        ("ItemIDs", "item_ids"),
        ("VpcIPsList", "vpc_ips_list"),
        ("DBSync", "db_sync"),
        ("IPsec", "i_psec"),
        // 5. digits
        ("Convert3DFormat", "convert_3d_format"),
        ("Md5Sum", "md5_sum"),
        ("Ec2Instance", "ec2_instance"),
        ("S3Bucket", "s3_bucket"),
        ("Layer7Rules", "layer7_rules"),
        ("Ipv6Address", "ipv6_address"),
        ("2xlarge", "2xlarge"),
        ("Top10", "top10"),
        ("V2", "v2"),
        ("UseV2API", "use_v2_api"),
        ("DescribeS3DTable", "describe_s3_d_table"),
        ("Dts2SQL", "dts_2sql"),
        ("", ""),
    ];

    /// Input → upper camel case.
    const CAMEL: &[(&str, &str)] = &[
        ("migrate_option", "MigrateOption"),
        ("DescribeDTSIP", "DescribeDtsip"),
        ("mysql", "Mysql"),
        ("cynosdbmysql", "Cynosdbmysql"),
        ("2xlarge", "2xlarge"),
        ("ItemIDs", "ItemIds"),
        ("Convert3DFormat", "Convert3dFormat"),
        ("DDoSGeoIPBlockConfig", "DdosGeoIpBlockConfig"),
        ("RUNNING", "Running"),
        ("not_started", "NotStarted"),
        ("BIZ.GET.TOPIC", "BizGetTopic"),
    ];

    #[test]
    fn snake_case_table() {
        for (input, expected) in SNAKE {
            assert_eq!(snake(input), *expected, "snake({input:?})");
        }
    }

    #[test]
    fn camel_case_table() {
        for (input, expected) in CAMEL {
            assert_eq!(camel(input), *expected, "camel({input:?})");
        }
    }

    #[test]
    fn words_are_slices_of_the_name() {
        assert_eq!(words("ItemIDs"), ["Item", "IDs"]);
        assert_eq!(words("Convert3DFormat"), ["Convert", "3D", "Format"]);
        assert_eq!(words("DDoSGeoIP"), ["DDoS", "Geo", "IP"]);
    }
}
