#!/usr/bin/env node
// Shell completion for isoaws: `complete -C isoaws_completer isoaws` (bash; zsh after bashcompinit).
import { completerMain } from '../dist-node/cli.js';

await completerMain();
