//! Where the backend is: a command-line flag, an environment variable, or a config file in the
//! OS's config directory, in that order. With none, the app runs in practice mode against the
//! reference backend it starts itself on loopback.

use std::path::Path;

pub const BACKEND_FLAG: &str = "--backend-url";
pub const BACKEND_ENV: &str = "BIANMIN_BACKEND_URL";
pub const DATA_DIR_ENV: &str = "BIANMIN_DATA_DIR";
pub const CONFIG_FILE: &str = "config.toml";
pub const KIOSK_FLAG: &str = "--kiosk";
pub const KIOSK_ENV: &str = "BIANMIN_KIOSK";
pub const KIOSK_IDLE_ENV: &str = "BIANMIN_KIOSK_IDLE_SECS";
pub const KIOSK_PLACE_ENV: &str = "BIANMIN_KIOSK_PLACE";
/// A kiosk visit's time without use before "Do you need more time?" (then 60 s more).
pub const KIOSK_IDLE_DEFAULT_SECS: u32 = 180;
/// Shorter would ask an 80-year-old reading a question whether she is still there.
pub const KIOSK_IDLE_MIN_SECS: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A real deployment at this base URL.
    Remote(String),
    /// 练习模式: the built-in reference backend with demo data.
    Practice,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} needs a URL after it")]
    MissingValue(&'static str),
    #[error("the backend URL {0:?} must start with http:// or https://")]
    NotHttp(String),
    #[error("{0} must be a whole number of seconds")]
    NotSeconds(&'static str),
    #[error("the config file {path} cannot be read: {error}")]
    File { path: String, error: String },
}

#[derive(serde::Deserialize, Default)]
struct ConfigFile {
    backend_url: Option<String>,
    /// A public kiosk or a service-centre counter (see [`kiosk`]).
    #[serde(default)]
    kiosk: bool,
    /// Seconds without use before a kiosk asks "Do you need more time?" (see [`kiosk_idle_secs`]).
    kiosk_idle_secs: Option<u32>,
    /// Where the kiosk is, as the hall's staff know it (see [`kiosk_place`]).
    kiosk_place: Option<String>,
}

/// The config file in `config_dir`; none is the same as an empty one.
fn read_file(config_dir: Option<&Path>) -> Result<ConfigFile, ConfigError> {
    match config_dir.map(|d| d.join(CONFIG_FILE)) {
        Some(path) if path.exists() => {
            let file_error = |error: String| ConfigError::File {
                path: path.display().to_string(),
                error,
            };
            let text = std::fs::read_to_string(&path).map_err(|e| file_error(e.to_string()))?;
            toml::from_str(&text).map_err(|e| file_error(e.to_string()))
        }
        _ => Ok(ConfigFile::default()),
    }
}

/// Whether the app serves strangers one after another (a kiosk, a service-centre counter): the
/// `--kiosk` flag, `BIANMIN_KIOSK=1`, or `kiosk = true` in the config file. Each resident's visit
/// is then a session of its own, ended by "Finish" on every screen.
pub fn kiosk(
    args: &[String],
    env: Option<String>,
    config_dir: Option<&Path>,
) -> Result<bool, ConfigError> {
    if args.iter().any(|a| a == KIOSK_FLAG) {
        return Ok(true);
    }
    if let Some(v) = env.filter(|v| !v.trim().is_empty()) {
        return Ok(matches!(v.trim(), "1" | "true" | "yes"));
    }
    Ok(read_file(config_dir)?.kiosk)
}

/// How long a kiosk visit may go without use before the resident is asked whether they need
/// more time: `BIANMIN_KIOSK_IDLE_SECS`, or `kiosk_idle_secs` in the config file, or 180 s. The
/// warning itself then gives at least 60 s more (the UI; WCAG 2.2.1 asks for 20).
pub fn kiosk_idle_secs(env: Option<String>, config_dir: Option<&Path>) -> Result<u32, ConfigError> {
    let chosen = match env.filter(|v| !v.trim().is_empty()) {
        Some(v) => Some(
            v.trim()
                .parse::<u32>()
                .map_err(|_| ConfigError::NotSeconds(KIOSK_IDLE_ENV))?,
        ),
        None => read_file(config_dir)?.kiosk_idle_secs,
    };
    Ok(chosen
        .unwrap_or(KIOSK_IDLE_DEFAULT_SECS)
        .max(KIOSK_IDLE_MIN_SECS))
}

/// Where a kiosk is, as the service hall's staff know it ("大厅 A 区 3 号机"), sent when a
/// resident calls staff: `BIANMIN_KIOSK_PLACE`, or `kiosk_place` in the config file, or the
/// machine's host name (what an installer names a kiosk by when nobody set a place).
pub fn kiosk_place(
    env: Option<String>,
    config_dir: Option<&Path>,
    host_name: impl FnOnce() -> Option<String>,
) -> Result<String, ConfigError> {
    let set = match env.filter(|v| !v.trim().is_empty()) {
        Some(v) => Some(v),
        None => read_file(config_dir)?
            .kiosk_place
            .filter(|v| !v.trim().is_empty()),
    };
    Ok(set
        .or_else(host_name)
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "kiosk".to_owned()))
}

/// The machine's host name, for [`kiosk_place`].
pub fn host_name() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .ok()
}

/// Resolves the backend from the arguments (without the program name), the environment and the
/// config directory.
pub fn resolve(
    args: &[String],
    env: Option<String>,
    config_dir: Option<&Path>,
) -> Result<Backend, ConfigError> {
    let mut from_flag = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == BACKEND_FLAG {
            from_flag = Some(
                iter.next()
                    .cloned()
                    .ok_or(ConfigError::MissingValue(BACKEND_FLAG))?,
            );
        } else if let Some(v) = arg.strip_prefix("--backend-url=") {
            from_flag = Some(v.to_owned());
        }
    }
    let url = match (from_flag, env.filter(|v| !v.trim().is_empty())) {
        (Some(url), _) | (None, Some(url)) => Some(url),
        (None, None) => read_file(config_dir)?.backend_url,
    };
    match url.map(|u| u.trim().to_owned()) {
        None => Ok(Backend::Practice),
        Some(u) if u.starts_with("http://") || u.starts_with("https://") => Ok(Backend::Remote(u)),
        Some(u) => Err(ConfigError::NotHttp(u)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flag_beats_env_beats_file_and_none_means_practice() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "backend_url = \"https://file.example\"\n",
        )
        .unwrap();
        let flag = args(&["--backend-url", "https://flag.example"]);
        let env = Some("https://env.example".to_owned());
        assert_eq!(
            resolve(&flag, env.clone(), Some(dir.path())).unwrap(),
            Backend::Remote("https://flag.example".into())
        );
        assert_eq!(
            resolve(&[], env, Some(dir.path())).unwrap(),
            Backend::Remote("https://env.example".into())
        );
        assert_eq!(
            resolve(&[], None, Some(dir.path())).unwrap(),
            Backend::Remote("https://file.example".into())
        );
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(
            resolve(&[], None, Some(empty.path())).unwrap(),
            Backend::Practice
        );
        assert_eq!(
            resolve(&args(&["--backend-url=http://127.0.0.1:8080"]), None, None).unwrap(),
            Backend::Remote("http://127.0.0.1:8080".into())
        );
    }

    #[test]
    fn kiosk_from_flag_env_or_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!kiosk(&[], None, Some(dir.path())).unwrap());
        assert!(kiosk(&args(&["--kiosk"]), None, None).unwrap());
        assert!(kiosk(&[], Some("1".into()), None).unwrap());
        assert!(!kiosk(&[], Some("0".into()), None).unwrap());
        std::fs::write(dir.path().join(CONFIG_FILE), "kiosk = true\n").unwrap();
        assert!(kiosk(&[], None, Some(dir.path())).unwrap());
        // The environment says no to what the file says yes to.
        assert!(!kiosk(&[], Some("false".into()), Some(dir.path())).unwrap());
        std::fs::write(dir.path().join(CONFIG_FILE), "kiosk = \"maybe\"\n").unwrap();
        assert!(kiosk(&[], None, Some(dir.path())).is_err());
    }

    #[test]
    fn kiosk_idle_from_env_or_file_with_a_default_and_a_floor() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            kiosk_idle_secs(None, Some(dir.path())).unwrap(),
            KIOSK_IDLE_DEFAULT_SECS
        );
        assert_eq!(kiosk_idle_secs(Some("300".into()), None).unwrap(), 300);
        assert_eq!(
            kiosk_idle_secs(Some("0".into()), None).unwrap(),
            KIOSK_IDLE_MIN_SECS
        );
        assert!(kiosk_idle_secs(Some("soon".into()), None).is_err());
        std::fs::write(dir.path().join(CONFIG_FILE), "kiosk_idle_secs = 240\n").unwrap();
        assert_eq!(kiosk_idle_secs(None, Some(dir.path())).unwrap(), 240);
        // The place: the environment, then the file, then the host name, then "kiosk".
        let host = || Some("kiosk-07\n".to_owned());
        assert_eq!(
            kiosk_place(None, Some(dir.path()), host).unwrap(),
            "kiosk-07"
        );
        assert_eq!(
            kiosk_place(Some("  ".into()), None, || None).unwrap(),
            "kiosk"
        );
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "kiosk_place = \"大厅 A 区 3 号机\"\n",
        )
        .unwrap();
        assert_eq!(
            kiosk_place(None, Some(dir.path()), host).unwrap(),
            "大厅 A 区 3 号机"
        );
        assert_eq!(
            kiosk_place(Some("柜台 2".into()), Some(dir.path()), host).unwrap(),
            "柜台 2"
        );
    }

    #[test]
    fn bad_values_are_named() {
        assert!(matches!(
            resolve(&args(&["--backend-url"]), None, None),
            Err(ConfigError::MissingValue(_))
        ));
        assert!(matches!(
            resolve(&args(&["--backend-url", "ftp://x"]), None, None),
            Err(ConfigError::NotHttp(_))
        ));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "backend_url = [").unwrap();
        assert!(matches!(
            resolve(&[], None, Some(dir.path())),
            Err(ConfigError::File { .. })
        ));
    }
}
