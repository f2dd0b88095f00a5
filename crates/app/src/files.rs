//! Files as the förbund sends them: an uploaded CSV or XLSX read into rows of text cells,
//! within the fixed limits of `samordna_reports::read`, off the async threads.

use samordna_domain::{Invalid, Reason};
use samordna_reports::read::{table, ReadError};

/// An uploaded CSV or XLSX file as rows of text cells; a file that cannot be read, or is
/// beyond a limit, is one problem, named. Read on a blocking thread.
pub async fn read_cells(bytes: &[u8]) -> Result<Vec<Vec<String>>, Vec<Invalid>> {
    let bytes = bytes.to_vec();
    blocking(move || read_cells_now(&bytes)).await
}

/// `read_cells` on the calling thread, for code that is already off the async threads.
pub fn read_cells_now(bytes: &[u8]) -> Result<Vec<Vec<String>>, Vec<Invalid>> {
    table(bytes).map_err(|e| vec![refused(e)])
}

/// Runs CPU-bound reading off the async threads, so one large file cannot stall the other
/// requests.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Vec<Invalid>> + Send + 'static,
) -> Result<T, Vec<Invalid>> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| {
        let why = ReadError::Unreadable(format!("the reader stopped: {e}"));
        Err(vec![refused(why)])
    })
}

/// Why a file was not read, as the problem the user sees.
pub fn refused(e: ReadError) -> Invalid {
    let reason = match e {
        ReadError::Unreadable(why) => return Invalid::new("file", why, Reason::UnknownValue),
        ReadError::TooManyCells(max) => Reason::TooManyCells { max },
        ReadError::TooManyRows(max) => Reason::TooManyRows { max },
        ReadError::TooManyColumns(max) => Reason::TooManyColumns { max },
        ReadError::TooLargeUnpacked(bytes) => Reason::FileTooLarge {
            max_mb: bytes / (1024 * 1024),
        },
        ReadError::TooSlow(t) => Reason::TooSlow {
            seconds: t.as_secs(),
        },
    };
    Invalid::new("file", "", reason)
}
