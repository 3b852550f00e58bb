// Preloaded into the console API process by the e2e fixture (`node --import`): lets a journey move
// the server's clock forward (SIGUSR2 → +6 minutes) so a verification code really expires,
// instead of waiting 5 minutes. Everything in that process (API, embedded emulator, SDK signing)
// sees the same shifted clock, so nothing else notices.
const RealDate = Date;
let offsetMs = 0;

class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offsetMs;
  }
}
globalThis.Date = ShiftedDate;

process.on('SIGUSR2', () => {
  offsetMs += 6 * 60_000;
  console.log(`e2e clock advanced to +${offsetMs / 60_000} min`);
});
