/**
 * The startup scripts of the learner's shell, one per shell family.
 *
 * They are static text: everything that varies (the kubeconfig, the prompt label, the status
 * file, where the user's own rc lives) reaches them through `POD_COURSE_*` environment
 * variables set by `shell-launch.ts`. So no path or label is ever spliced into shell source,
 * and a home directory with spaces or quotes in its name needs no escaping.
 *
 * Each script runs the user's own startup file first, then puts the course's parts on top:
 * - `KUBECONFIG` again, because a user's rc often exports its own;
 * - `k` as an alias of `kubectl`, with kubectl's completion for it where the shell has one and
 *   kubectl is installed (silently skipped otherwise);
 * - a hook before each prompt that prints the status file (written by the runner, which
 *   watches the cluster) and keeps `[pod-course <label>] ` in front of the prompt, even when a
 *   prompt theme rebuilds the prompt every time. The hook only reads a file: no process is
 *   started for it in bash, zsh or fish.
 */

export type ShellKind = 'bash' | 'zsh' | 'fish' | 'sh';

/** Given to bash as `--rcfile`, in place of ~/.bashrc. */
export const BASH_RC = `# pod-course: the learner's shell (bash). Removed when the shell exits.
if [ -f "$HOME/.bashrc" ]; then . "$HOME/.bashrc"; fi

export KUBECONFIG="$POD_COURSE_KUBECONFIG"
alias k=kubectl
if command -v kubectl >/dev/null 2>&1; then
  # eval rather than "source <(...)": bash 3.2 (macOS) reads nothing from a process substitution.
  eval "$(kubectl completion bash 2>/dev/null)" 2>/dev/null &&
    complete -o default -F __start_kubectl k 2>/dev/null
fi

# With promptvars on (the default) the prompt names the variable, so a label is never
# re-read as prompt escapes; a theme that rebuilds PS1 gets the prefix back before each prompt.
if shopt -q promptvars 2>/dev/null; then
  __pod_course_prefix='\${POD_COURSE_PROMPT}'
else
  __pod_course_prefix="$POD_COURSE_PROMPT"
fi
__pod_course_precmd() {
  local __pod_course_status=$? __pod_course_line
  if [ -n "\${POD_COURSE_STATUS_FILE-}" ] && [ -r "$POD_COURSE_STATUS_FILE" ]; then
    while IFS= read -r __pod_course_line || [ -n "$__pod_course_line" ]; do
      printf '%s\\n' "$__pod_course_line"
    done < "$POD_COURSE_STATUS_FILE"
  fi
  case "$PS1" in
    "$__pod_course_prefix"*) ;;
    *) PS1="$__pod_course_prefix$PS1" ;;
  esac
  return $__pod_course_status
}
# Last, so it runs after the user's own prompt commands (bash 5.1+ allows an array).
if [[ "$(declare -p PROMPT_COMMAND 2>/dev/null)" == "declare -a"* ]]; then
  PROMPT_COMMAND+=(__pod_course_precmd)
else
  PROMPT_COMMAND="\${PROMPT_COMMAND:+$PROMPT_COMMAND$'\\n'}__pod_course_precmd"
fi
`;

/**
 * zsh reads `$ZDOTDIR/.zshenv` and `$ZDOTDIR/.zshrc`; ZDOTDIR points at the session directory,
 * so this .zshenv hands over to the user's own (which may move ZDOTDIR), then comes back so
 * that zsh reads the session's .zshrc next.
 */
export const ZSH_ENV = `# pod-course: the learner's shell (zsh). Removed when the shell exits.
__pod_course_session_dir=$ZDOTDIR
if [[ -n \${POD_COURSE_USER_ZDOTDIR+x} ]]; then ZDOTDIR=$POD_COURSE_USER_ZDOTDIR; else unset ZDOTDIR; fi
[[ -f \${ZDOTDIR:-$HOME}/.zshenv ]] && source \${ZDOTDIR:-$HOME}/.zshenv
if [[ -n \${ZDOTDIR+x} ]]; then __pod_course_user_zdotdir=$ZDOTDIR; fi
ZDOTDIR=$__pod_course_session_dir
`;

export const ZSH_RC = `# pod-course: the learner's shell (zsh). Removed when the shell exits.
# Give ZDOTDIR back to the user before their .zshrc runs: history and plugins live there.
if [[ -n \${__pod_course_user_zdotdir+x} ]]; then ZDOTDIR=$__pod_course_user_zdotdir; else unset ZDOTDIR; fi
unset __pod_course_session_dir __pod_course_user_zdotdir
[[ -f \${ZDOTDIR:-$HOME}/.zshrc ]] && source \${ZDOTDIR:-$HOME}/.zshrc

export KUBECONFIG=$POD_COURSE_KUBECONFIG
alias k=kubectl
if (( $+commands[kubectl] )); then
  if ! (( $+functions[compdef] )); then
    # -D: no dump file, so nothing is left behind.
    autoload -Uz compinit && compinit -u -D 2>/dev/null
  fi
  if (( $+functions[compdef] )); then
    source <(kubectl completion zsh 2>/dev/null) 2>/dev/null && compdef k=kubectl 2>/dev/null
  fi
fi

__pod_course_precmd() {
  local __pod_course_line __pod_course_prefix=\${POD_COURSE_PROMPT//\\%/%%}
  if [[ -n \${POD_COURSE_STATUS_FILE-} && -r $POD_COURSE_STATUS_FILE ]]; then
    while IFS= read -r __pod_course_line || [[ -n $__pod_course_line ]]; do
      print -r -- "$__pod_course_line"
    done < "$POD_COURSE_STATUS_FILE"
  fi
  [[ $PS1 == "$__pod_course_prefix"* ]] || PS1=$__pod_course_prefix$PS1
}
autoload -Uz add-zsh-hook
# Added after the user's hooks, so it runs after a theme has built its prompt.
add-zsh-hook precmd __pod_course_precmd
`;

/** Sourced through `--init-command`, which fish runs after the user's config.fish. */
export const FISH_INIT = `# pod-course: the learner's shell (fish). Removed when the shell exits.
set -gx KUBECONFIG $POD_COURSE_KUBECONFIG
alias k kubectl
if type -q kubectl
    # The alias wraps kubectl, so k completes like kubectl once kubectl's completion is loaded.
    kubectl completion fish 2>/dev/null | source
end

if functions -q fish_prompt
    functions -c fish_prompt __pod_course_user_prompt
end
function __pod_course_restore_status
    return $argv[1]
end
function fish_prompt
    set -l __pod_course_status $status
    if set -q POD_COURSE_STATUS_FILE; and test -r "$POD_COURSE_STATUS_FILE"
        while read -l __pod_course_line
            printf '%s\\n' $__pod_course_line
        end <$POD_COURSE_STATUS_FILE
    end
    printf '%s' $POD_COURSE_PROMPT
    if functions -q __pod_course_user_prompt
        # The user's prompt may show the last command's status: give it back.
        __pod_course_restore_status $__pod_course_status
        __pod_course_user_prompt
    else
        printf '> '
    end
end
`;

/**
 * For any other shell: POSIX sh reads the file named by ENV when interactive. There is no
 * prompt hook in POSIX sh, so the status comes from a command substitution inside PS1 (one
 * subshell per prompt); the prefix is printed after the status lines so their newlines survive.
 */
export const SH_ENV = `# pod-course: the learner's shell (POSIX sh). Removed when the shell exits.
if [ -n "\${POD_COURSE_USER_RC-}" ] && [ -r "$POD_COURSE_USER_RC" ]; then . "$POD_COURSE_USER_RC"; fi
# Shells started from this one get the user's own ENV, not this file.
if [ -n "\${POD_COURSE_USER_ENV+x}" ]; then ENV=$POD_COURSE_USER_ENV; else unset ENV; fi

export KUBECONFIG="$POD_COURSE_KUBECONFIG"
alias k=kubectl

__pod_course_prompt() {
  if [ -n "\${POD_COURSE_STATUS_FILE-}" ] && [ -r "$POD_COURSE_STATUS_FILE" ]; then
    while IFS= read -r __pod_course_line || [ -n "$__pod_course_line" ]; do
      printf '%s\\n' "$__pod_course_line"
    done < "$POD_COURSE_STATUS_FILE"
  fi
  printf '%s' "$POD_COURSE_PROMPT"
}
PS1='$(__pod_course_prompt)'"\${PS1-\\$ }"
`;
