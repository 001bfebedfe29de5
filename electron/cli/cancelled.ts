// A prompt the user stopped (Ctrl+C, Ctrl+D, SIGINT): the command ends with "Cancelled." and exit
// 130, as a shell does for Ctrl+C, and nothing is logged as a bug. Its own module so the error
// report can know it without loading the terminal's code.
export class PromptCancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'PromptCancelled';
  }
}
