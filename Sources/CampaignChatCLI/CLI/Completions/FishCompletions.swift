/// The fish script: one `complete` call whose function prints the candidates, tab-separated from their abstracts.
extension CompletionScripts {
    static func fish(_ model: CompletionModel) -> String {
        var spec = ""
        for node in model.nodes {
            spec += "        case \(fishQuoted(node.key))\n"
            if node.isCommand {
                spec += fishSet("__cc_command", ["1"])
                spec += fishSet("__cc_options", node.options.map { fishQuoted($0.token) })
                spec += fishSet("__cc_option_help", node.options.map { fishDescribed($0.name, $0.abstract) })
                spec += fishSet("__cc_arguments", node.arguments.map(fishQuoted))
                if !node.mode.isEmpty {
                    spec += fishSet("__cc_mode", node.mode.map(fishQuoted))
                    spec += fishSet("__cc_mode_only", node.modeOnly.map(fishQuoted))
                    spec += fishSet("__cc_mode_not", node.modeNot.map(fishQuoted))
                    spec += fishSet("__cc_mode_arguments", node.modeArguments.map(fishQuoted))
                }
                if !node.either.isEmpty { spec += fishSet("__cc_either", node.either.map(fishQuoted)) }
            } else {
                spec += fishSet("__cc_words", node.words.map { fishDescribed($0.word, $0.abstract) })
            }
        }
        let globals = model.globalOptions.map { fishQuoted($0.token) }.joined(separator: " ")
        let globalHelp = model.globalOptions.map { fishDescribed($0.name, $0.abstract) }.joined(separator: " ")
        return #"""
            # fish completion for campaignchat
            \#(comment(.fish))
            #
            # Install: save as ~/.config/fish/completions/campaignchat.fish

            # The command table. For a command path: the words that may follow it, with their
            # abstracts (a group), or its options (--name=KIND when it takes a value) and the
            # kinds of its arguments in order (a command; KIND... repeats), for a command of two
            # forms its mode option, the options only with it, those not with it, and the
            # arguments with it, and a pair of options of which one is given. Returns 1 for a
            # path that is not in the table.
            function __campaignchat_spec --argument-names cmdpath
                set -g __cc_command
                set -g __cc_words
                set -g __cc_options
                set -g __cc_option_help
                set -g __cc_arguments
                set -g __cc_mode
                set -g __cc_mode_only
                set -g __cc_mode_not
                set -g __cc_mode_arguments
                set -g __cc_either
                switch $cmdpath
            \#(spec)        case '*'
                        return 1
                end
                return 0
            end

            set -g __cc_global_options \#(globals)
            set -g __cc_global_help \#(globalHelp)

            # Sets __cc_kind to what option $name takes; returns 1 when it takes no value (or is unknown).
            function __campaignchat_option --argument-names name
                for entry in $__cc_global_options $__cc_options
                    if string match -q -- "$name=*" $entry
                        set -g __cc_kind (string replace -r -- '^[^=]*=' '' $entry)
                        return 0
                    end
                end
                return 1
            end

            # A word as the command will receive it: a leading ~/ expanded.
            function __campaignchat_expand --argument-names word
                string replace -r -- '^~/' "$HOME/" $word
            end

            # Notes an option given on the line with its value: --db and --as are passed on to
            # __complete, and an option that takes a campaign names the campaign.
            function __campaignchat_given --argument-names option value
                set value (__campaignchat_expand "$value")
                if contains -- $option --db --as
                    set -a __cc_context $option $value
                end
                if __campaignchat_option $option; and test "$__cc_kind" = campaign
                    set -g __cc_campaign $value
                end
                return 0
            end

            # The database's values, one per line: campaign, group CAMPAIGN, creator [CAMPAIGN].
            function __campaignchat_query
                command campaignchat $__cc_context __complete -- $argv 2>/dev/null
            end

            # Prints the values of kind $kind, each after $prefix; $campaign is the campaign given
            # earlier on the line, if any, and $cur the value typed so far.
            function __campaignchat_values --argument-names kind campaign cur prefix
                set -l values
                switch $kind
                    case 'choices:*'
                        set values (string split , -- (string replace -- choices: '' $kind))
                    case campaign
                        set values (__campaignchat_query campaign)
                    case group
                        test -n "$campaign"; and set values (__campaignchat_query group $campaign)
                    case creator
                        if test -n "$campaign"
                            set values (__campaignchat_query creator $campaign)
                        else
                            set values (__campaignchat_query creator)
                        end
                    case any-creator
                        set values (__campaignchat_query creator)
                    case actor
                        set values brand (__campaignchat_query creator)
                    case path
                        set values (__fish_complete_path $cur)
                end
                set -q values[1]; and printf '%s\n' $prefix$values
            end

            function __campaignchat_complete
                set -l words (commandline -opc)
                set -e words[1]
                set -l cur (commandline -ct)
                set -g __cc_context
                set -g __cc_campaign ''
                set -l cmdpath ''
                set -l command ''
                set -l help ''
                set -l ended ''
                set -l expect ''
                set -l positionals
                set -l given
                set -l hidden
                set -l moded

                # Read the line like the parser: command words, then arguments; options anywhere.
                __campaignchat_spec ''
                for word in $words
                    if test -n "$expect"
                        __campaignchat_given $expect $word
                        set expect ''
                    else if test -z "$ended"; and test "$word" = --
                        set ended 1
                    else if test -z "$ended"; and string match -q -- '-?*' $word
                        set -a given (string split -m 1 = -- $word)[1]
                        # -qf is -q -f, as the parser reads it.
                        if string match -qr -- '^-[^-].' $word
                            for letter in (string split '' -- (string sub -s 2 -- $word))
                                set -a given -$letter
                            end
                        end
                        if string match -qr -- '^--[^=]+=' $word
                            set -l parts (string split -m 1 = -- $word)
                            __campaignchat_given $parts[1] "$parts[2]"
                        else if __campaignchat_option $word
                            set expect $word
                        end
                    else if test -z "$command"; and test -z "$ended"
                        if test -z "$cmdpath"; and test -z "$help"; and test "$word" = help
                            set help 1
                            continue
                        end
                        set -l next $word
                        test -n "$cmdpath"; and set next "$cmdpath $word"
                        __campaignchat_spec $next; or return
                        set cmdpath $next
                        test -n "$__cc_command"; and set command 1
                    else
                        set -a positionals $word
                    end
                end

                # A command of two forms (HANDLE and TEXT, or --bulk FILE): the form the line has taken.
                for name in $__cc_mode
                    contains -- $name $given; and set moded 1
                end
                if test -n "$moded"
                    set __cc_arguments $__cc_mode_arguments
                    set hidden $__cc_mode_not $__cc_mode
                else if set -q __cc_mode[1]
                    set hidden $__cc_mode_only
                    test (count $positionals) -le (count $__cc_mode_arguments); or set -a hidden $__cc_mode
                    for name in $__cc_mode_not
                        contains -- $name $given; and set -a hidden $__cc_mode
                    end
                end
                for name in $__cc_either
                    contains -- $name $given; and set -a hidden $__cc_either
                end

                # The campaign given earlier on the line (as an argument, else an option), for groups and handles.
                set -l campaign $__cc_campaign
                if test -n "$command"
                    for i in (seq (count $__cc_arguments))
                        if string match -q -- 'campaign*' $__cc_arguments[$i]; and set -q positionals[$i]
                            set campaign (__campaignchat_expand $positionals[$i])
                            break
                        end
                    end
                end

                if test -n "$expect"
                    __campaignchat_option $expect
                    __campaignchat_values $__cc_kind "$campaign" "$cur" ''
                else if test -z "$ended"; and string match -qr -- '^--[^=]+=' "$cur"
                    set -l parts (string split -m 1 = -- "$cur")
                    __campaignchat_option $parts[1]; or return
                    __campaignchat_values $__cc_kind "$campaign" "$parts[2]" "$parts[1]="
                else if test -z "$ended"; and string match -q -- '-*' "$cur"
                    for entry in $__cc_option_help
                        contains -- (string split -f 1 \t -- $entry) $hidden; or printf '%s\n' $entry
                    end
                    printf '%s\n' $__cc_global_help
                else if test -z "$command"
                    test -n "$ended"; or printf '%s\n' $__cc_words
                else if test -z "$help"
                    set -l kind ''
                    set -l next (math (count $positionals) + 1)
                    if test $next -le (count $__cc_arguments)
                        set kind $__cc_arguments[$next]
                    else if set -q __cc_arguments[1]; and string match -q -- '*...' $__cc_arguments[-1]
                        set kind $__cc_arguments[-1]
                    end
                    test -n "$kind"; and __campaignchat_values (string replace -- ... '' $kind) "$campaign" "$cur" ''
                end
            end

            complete -c campaignchat -f -a '(__campaignchat_complete)'

            """#
    }

    /// `set -g NAME VALUES...`, one line of the fish table.
    private static func fishSet(_ name: String, _ values: [String]) -> String {
        "            set -g " + ([name] + values).joined(separator: " ") + "\n"
    }

    /// `'word'\t'abstract'`: one fish word, the completion and its description.
    private static func fishDescribed(_ word: String, _ abstract: String) -> String {
        fishQuoted(word) + "\\t" + fishQuoted(abstract)
    }

    /// Single-quoted for fish, where `\'` and `\\` are the escapes inside quotes.
    static func fishQuoted(_ text: String) -> String {
        "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
    }
}
