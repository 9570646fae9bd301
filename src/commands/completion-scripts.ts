// The shell scripts `flux-ts completion bash|zsh|fish` prints. Each asks the program itself
// (`flux-ts __complete -- <words>`) for candidates, so completions follow the command tree and
// the cluster; the last output line is `:<directive>` (4: no file names, 0: files allowed).

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

function bash(prog: string, fn: string): string {
  return `# bash completion for ${prog}
# Load it now:      source <(${prog} completion bash)
# Or for every shell: ${prog} completion bash > /etc/bash_completion.d/${prog}

${fn}() {
    local cur="\${COMP_WORDS[COMP_CWORD]}"
    local out directive
    out=$("\${COMP_WORDS[0]}" __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null) || return 0
    directive="\${out##*:}"
    out="\${out%:*}"
    local IFS=$'\\n'
    COMPREPLY=($(compgen -W "$out" -- "$cur"))
    if [[ \${#COMPREPLY[@]} -eq 0 && "$directive" == 0 ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return 0
}

complete -o nosort -F ${fn} ${prog} 2>/dev/null || complete -F ${fn} ${prog}
`;
}

function zsh(prog: string, fn: string): string {
  return `#compdef ${prog}
# zsh completion for ${prog}
# Load it now:      source <(${prog} completion zsh)
# Or for every shell: ${prog} completion zsh > "\${fpath[1]}/_${prog}"

${fn}() {
    local out directive
    out=$("\${words[1]}" __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
    directive="\${out##*:}"
    out="\${out%:*}"
    local -a candidates
    candidates=("\${(@f)out}")
    candidates=("\${(@)candidates:#}")
    if (( \${#candidates} == 0 )) && [[ "$directive" == 0 ]]; then
        _files
        return
    fi
    compadd -Q -- "\${candidates[@]}"
}

if [[ "$funcstack[1]" == "${fn}" ]]; then
    ${fn} "$@"
else
    compdef ${fn} ${prog}
fi
`;
}

function fish(prog: string, fn: string): string {
  return `# fish completion for ${prog}
# Load it now:      ${prog} completion fish | source
# Or for every shell: ${prog} completion fish > ~/.config/fish/completions/${prog}.fish

function ${fn}
    set -l args (commandline -opc)
    set -e args[1]
    set -l cur (commandline -ct)
    ${prog} __complete -- $args "$cur" 2>/dev/null | string match -v -r '^:[0-9]+$'
end

complete -c ${prog} -f -a '(${fn})'
`;
}

export function completionScript(shell: Shell, prog = 'flux-ts'): string {
  const fn = `__${prog.replace(/[^A-Za-z0-9_]/g, '_')}_complete`;
  switch (shell) {
    case 'bash':
      return bash(prog, fn);
    case 'zsh':
      return zsh(prog, fn);
    case 'fish':
      return fish(prog, fn);
  }
}
