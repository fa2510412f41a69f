// Why a `--confirm` attempt could not run at all (as opposed to running and not confirming).
export class ConfirmError extends Error {
  readonly code = 'TDK_CONFIRM_SETUP';
  override name = 'ConfirmError';
}
