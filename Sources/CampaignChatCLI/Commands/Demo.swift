import CampaignChat

/// `demo`: the main job on an example campaign, safe to run again.
enum Demo {
    static let spec = CommandSpec(
        path: ["demo"],
        abstract: "Set up the example campaign demo-launch and bulk-send its courier tracking numbers.",
        discussion: """
            Creates (or reuses) campaign demo-launch with three accepted creators and one who is only
            invited, sends each accepted creator their tracking number with a bulk send, and adds a reply
            from @ava.demo. Running it again sends nothing twice: rows are reported as replayed.
            """
    ) { invocation in
        let brand = try invocation.service()
        try DemoCampaign.prepare(brand)
        var records = DemoCampaign.shipmentRecords[...]
        let output = invocation.output
        output.confirm("Bulk send to \(DemoCampaign.slug): \"\(DemoCampaign.template)\"")
        if !output.json && !output.quiet { output.line(BulkRowLine.header) }
        let summary = try brand.bulkSend(
            campaign: DemoCampaign.slug, template: try MessageTemplate(DemoCampaign.template), options: BulkSendOptions(),
            next: { records.popFirst() },
            report: { result in
                if output.json { output.json(result.json) } else if !output.quiet { output.line(BulkRowLine.text(for: result)) }
            })
        try DemoCampaign.reply { ChatService(store: brand.store, actor: $0) }
        if output.json { return }
        output.line(MessageSendBulk.describe(summary))
        output.confirm("""

            @dan.demo is only invited, so the brand cannot message him yet. @ava.demo replied.
            Try: campaignchat unread list
                 campaignchat thread read \(DemoCampaign.slug) @ava.demo
                 campaignchat --as @ava.demo unread list
            """)
    }
}
