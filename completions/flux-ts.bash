# bash completion for flux-ts
# Load it now:      source <(flux-ts completion bash)
# Or for every shell: flux-ts completion bash > /etc/bash_completion.d/flux-ts

__flux_ts_complete() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    local out directive
    out=$("${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null) || return 0
    directive="${out##*:}"
    out="${out%:*}"
    local IFS=$'\n'
    COMPREPLY=($(compgen -W "$out" -- "$cur"))
    if [[ ${#COMPREPLY[@]} -eq 0 && "$directive" == 0 ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return 0
}

complete -o nosort -F __flux_ts_complete flux-ts 2>/dev/null || complete -F __flux_ts_complete flux-ts
