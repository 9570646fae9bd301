// The shell scripts `flux-ts completion bash|zsh|fish|powershell` prints. Each asks the program itself
// (`flux-ts __complete -- <words>`) for candidates, so completions follow the command tree and
// the cluster; the last output line is `:<directive>` (4: no file names, 0: files allowed).

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
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

function powershell(prog: string): string {
  return `# powershell completion for ${prog}
# Load it now:        ${prog} completion powershell | Out-String | Invoke-Expression
# Or for every shell: add that line to your $PROFILE

Register-ArgumentCompleter -Native -CommandName '${prog}' -ScriptBlock {
    param($WordToComplete, $CommandAst, $CursorPosition)
    # The words up to the cursor, without the program; an empty last word when the cursor
    # follows a space.
    $elements = @($CommandAst.CommandElements | Where-Object { $_.Extent.StartOffset -lt $CursorPosition } | ForEach-Object { $_.Extent.Text })
    $program = $elements[0]
    $words = @($elements | Select-Object -Skip 1)
    if ($WordToComplete -eq '') { $words += '' }
    # Before PowerShell 7.3 (Legacy argument passing) an empty argument is dropped unless quoted.
    if ($words.Count -gt 0 -and $words[-1] -eq '' -and ($null -eq $PSNativeCommandArgumentPassing -or $PSNativeCommandArgumentPassing -eq 'Legacy')) { $words[-1] = '""' }
    $out = @(& $program __complete -- @words 2>$null)
    if ($out.Count -eq 0) { return }
    $directive = $out[-1] -replace '^:', ''
    $candidates = @($out | Select-Object -First ($out.Count - 1) | Where-Object { $_ -ne '' })
    # Directive 0 with no candidates: return nothing, so PowerShell completes file names.
    if ($candidates.Count -eq 0 -and $directive -eq '0') { return }
    foreach ($candidate in $candidates) {
        [System.Management.Automation.CompletionResult]::new($candidate, $candidate, 'ParameterValue', $candidate)
    }
}
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
    case 'powershell':
      return powershell(prog);
  }
}
