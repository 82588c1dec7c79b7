// Bulk TCP transfers over one drop-tail bottleneck, in ns-3 (Debian's libns3-dev, ns-3.37): the
// independent peer netsim's elastic model is compared with (test/traffic-elastic-ns3.test.ts).
//
//   s0 ─┐                                  ┌─ d0
//   s1 ─┼─ r1 ══ rate, rtt/2, N packets ══ r2 ─┼─ d1      access links 100x the rate, no delay
//   ..  ┘                                  └─ ..
//
// Build (what the test runs; headers and libraries from the libns3-dev package):
//   g++ -O2 -std=c++17 -w -o ns3-bulk test/peers/ns3-bulk.cc -lns3-core -lns3-network -lns3-internet \
//       -lns3-point-to-point -lns3-applications -lns3-traffic-control
// Run:
//   ./ns3-bulk --cc=cubic --flows=4 --buffer=34
// Prints one JSON object: bottleneck utilization, drops and per-flow goodput over the measured window
// [warmup, warmup + duration), and the number of retransmission timeouts (entries into CA_LOSS) over
// the whole run, slow start included (as netsim's per-flow `timeouts`).
//
// Settings that matter for the comparison, chosen to match netsim's elastic defaults:
// - SACK on (ns-3's default), timestamps on (ns-3's default): a data packet is 1448 B of payload +
//   32 B TCP (with the timestamp option) + 20 B IPv4 + 2 B PPP = 1502 B on the wire, an ACK 54 B (more
//   when it carries SACK blocks);
// - an ACK for every segment (DelAckCount 1), minimum RTO 200 ms, initial window 10 segments;
// - send and receive buffers of 4 MiB (window scaling on), so the window never limits;
// - the bottleneck queue is the device's drop-tail queue of N packets (plus the one in transmission);
//   the traffic-control layer is removed from that device so nothing else queues or drops there;
// - flow i starts at i * spread / flows seconds.
// ns-3.37's own choices that stay: PRR in recovery (TcpPrrRecovery), limited transmit, and for CUBIC
// its cubic function, fast convergence and original HyStart (not HyStart++).
//
// Two changes, each where ns-3.37 departs from the RFCs netsim follows (both switchable):
// - NewReno's ssthresh on a loss or a timeout: ns-3 halves BytesInFlight, which with SACK is RFC
//   6675's pipe (at a fast retransmit, FlightSize less the 3 SACKed and 1 lost segments); RFC 5681
//   and 6675 halve FlightSize (HighData - HighACK), Linux and FreeBSD halve cwnd. With --flight=1
//   (the default) the program runs TcpNewRenoFlight below: ssthresh = max(min(FlightSize, cwnd) / 2,
//   2 segments), what netsim does. At the windows of 4 flows through 17 packets (about 13 segments
//   each) the difference moves utilization by 0.04. --flight=0 runs ns-3.37's TcpNewReno unchanged.
// - ns-3.37's TcpCubic lacks RFC 9438's Reno-friendly region (section 4.3; ns-3 issue 1001, added in
//   ns-3.41), which decides CUBIC's behaviour at this bandwidth-delay product (its window, 30 to 130
//   segments, is where Reno's estimate grows faster than the cubic). With --renoFriendly=1 (the
//   default) the program runs TcpCubicRenoFriendly below: ns-3's TcpCubic, plus W_est growing by
//   alpha * acked / cwnd from the start of each congestion-avoidance epoch (alpha = 3 (1 - beta) /
//   (1 + beta) until W_est reaches the cwnd before the last reduction, then 1), with cwnd raised to
//   W_est whenever it is larger. --renoFriendly=0 runs ns-3.37's TcpCubic unchanged.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

double g_from = 0;     // start of the measured window, s
double g_to = 0;       // end of the measured window, s
double g_busyBytes = 0; // bytes whose serialization on the bottleneck ended inside the window
uint64_t g_drops = 0;   // packets the bottleneck queue refused inside the window
uint64_t g_timeouts = 0;
std::vector<uint64_t> g_received; // payload bytes each sink received inside the window

bool
Inside()
{
    double now = Simulator::Now().GetSeconds();
    return now >= g_from && now < g_to;
}

void
OnTxEnd(Ptr<const Packet> p)
{
    if (Inside())
    {
        g_busyBytes += p->GetSize();
    }
}

void
OnDrop(Ptr<const Packet>)
{
    if (Inside())
    {
        ++g_drops;
    }
}

void
OnSinkRx(uint32_t flow, Ptr<const Packet> p, const Address&)
{
    if (Inside())
    {
        g_received[flow] += p->GetSize();
    }
}

void
OnCongState(TcpSocketState::TcpCongState_t, TcpSocketState::TcpCongState_t next)
{
    if (next == TcpSocketState::CA_LOSS)
    {
        ++g_timeouts;
    }
}

// The sender's socket exists once its application has started: hook its state changes then.
void
WatchSocket(Ptr<BulkSendApplication> app)
{
    app->GetSocket()->TraceConnectWithoutContext("CongState", MakeCallback(&OnCongState));
}

// ns-3's TcpNewReno with RFC 5681's ssthresh (see the head of this file).
class TcpNewRenoFlight : public TcpNewReno
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::TcpNewRenoFlight")
                                .SetParent<TcpNewReno>()
                                .AddConstructor<TcpNewRenoFlight>()
                                .SetGroupName("Internet");
        return tid;
    }

    TcpNewRenoFlight() = default;
    TcpNewRenoFlight(const TcpNewRenoFlight&) = default;

    std::string GetName() const override
    {
        return "TcpNewRenoFlight";
    }

    uint32_t GetSsThresh(Ptr<const TcpSocketState> tcb, uint32_t) override
    {
        uint32_t flight = tcb->m_highTxMark.Get() - tcb->m_lastAckedSeq;
        return std::max(std::min(flight, tcb->m_cWnd.Get()) / 2, 2 * tcb->m_segmentSize);
    }

    Ptr<TcpCongestionOps> Fork() override
    {
        return CopyObject<TcpNewRenoFlight>(this);
    }
};

NS_OBJECT_ENSURE_REGISTERED(TcpNewRenoFlight);

// ns-3's TcpCubic with RFC 9438's Reno-friendly region (see the head of this file).
class TcpCubicRenoFriendly : public TcpCubic
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::TcpCubicRenoFriendly")
                                .SetParent<TcpCubic>()
                                .AddConstructor<TcpCubicRenoFriendly>()
                                .SetGroupName("Internet");
        return tid;
    }

    TcpCubicRenoFriendly() = default;
    TcpCubicRenoFriendly(const TcpCubicRenoFriendly&) = default;

    std::string GetName() const override
    {
        return "TcpCubicRenoFriendly";
    }

    uint32_t GetSsThresh(Ptr<const TcpSocketState> tcb, uint32_t bytesInFlight) override
    {
        m_cwndPrior = static_cast<double>(tcb->m_cWnd) / tcb->m_segmentSize;
        m_inEpoch = false;
        return TcpCubic::GetSsThresh(tcb, bytesInFlight);
    }

    void IncreaseWindow(Ptr<TcpSocketState> tcb, uint32_t segmentsAcked) override
    {
        if (tcb->m_cWnd < tcb->m_ssThresh)
        {
            m_inEpoch = false;
            TcpCubic::IncreaseWindow(tcb, segmentsAcked);
            return;
        }
        double cwnd = static_cast<double>(tcb->m_cWnd) / tcb->m_segmentSize;
        if (!m_inEpoch)
        {
            m_inEpoch = true;
            m_wEst = cwnd;
            if (m_cwndPrior <= 0)
            {
                m_cwndPrior = cwnd; // slow start ended without a loss (RFC 9438 section 4.10)
            }
        }
        const double beta = 0.7;
        double alpha = m_wEst >= m_cwndPrior ? 1.0 : 3 * (1 - beta) / (1 + beta);
        m_wEst += alpha * segmentsAcked / cwnd;
        TcpCubic::IncreaseWindow(tcb, segmentsAcked);
        auto est = static_cast<uint32_t>(m_wEst * tcb->m_segmentSize);
        if (est > tcb->m_cWnd)
        {
            tcb->m_cWnd = est;
        }
    }

    void CongestionStateSet(Ptr<TcpSocketState> tcb,
                            const TcpSocketState::TcpCongState_t newState) override
    {
        if (newState == TcpSocketState::CA_LOSS)
        {
            m_inEpoch = false;
        }
        TcpCubic::CongestionStateSet(tcb, newState);
    }

    Ptr<TcpCongestionOps> Fork() override
    {
        return CopyObject<TcpCubicRenoFriendly>(this);
    }

  private:
    double m_wEst{0};
    double m_cwndPrior{0};
    bool m_inEpoch{false};
};

NS_OBJECT_ENSURE_REGISTERED(TcpCubicRenoFriendly);

} // namespace

int
main(int argc, char* argv[])
{
    std::string cc = "newreno";
    uint32_t flows = 1;
    uint32_t buffer = 34;
    double rate = 10e6;
    double rtt = 0.04;
    uint32_t segment = 1448;
    double warmup = 5;
    double duration = 30;
    double spread = 1;
    double minRto = 0.2;
    uint32_t delAck = 1;
    uint32_t buffers = 4 * 1024 * 1024;
    uint32_t seed = 1;
    bool renoFriendly = true;
    bool flight = true;

    CommandLine cmd(__FILE__);
    cmd.AddValue("cc", "congestion control: newreno or cubic", cc);
    cmd.AddValue("flows", "number of bulk transfers", flows);
    cmd.AddValue("buffer", "bottleneck queue limit, packets", buffer);
    cmd.AddValue("rate", "bottleneck rate, bit/s", rate);
    cmd.AddValue("rtt", "base round-trip time, s (the bottleneck's delay is half of it)", rtt);
    cmd.AddValue("segment", "TCP payload bytes per segment", segment);
    cmd.AddValue("warmup", "seconds before the measured window", warmup);
    cmd.AddValue("duration", "measured seconds", duration);
    cmd.AddValue("spread", "flow i starts at i * spread / flows, s", spread);
    cmd.AddValue("minRto", "minimum retransmission timeout, s", minRto);
    cmd.AddValue("delAck", "segments per ACK (1: every segment)", delAck);
    cmd.AddValue("buffers", "socket send and receive buffers, bytes", buffers);
    cmd.AddValue("seed", "ns-3 run number", seed);
    cmd.AddValue("flight", "NewReno halves min(FlightSize, cwnd), not pipe (see above)", flight);
    cmd.AddValue("renoFriendly", "CUBIC with RFC 9438's Reno-friendly region (see above)", renoFriendly);
    cmd.Parse(argc, argv);

    if (cc != "newreno" && cc != "cubic")
    {
        std::fprintf(stderr, "--cc must be newreno or cubic\n");
        return 2;
    }
    RngSeedManager::SetRun(seed);
    g_from = warmup;
    g_to = warmup + duration;
    g_received.assign(flows, 0);

    TypeId ccType = cc == "newreno"  ? (flight ? TcpNewRenoFlight::GetTypeId() : TcpNewReno::GetTypeId())
                    : renoFriendly ? TcpCubicRenoFriendly::GetTypeId()
                                   : TcpCubic::GetTypeId();
    Config::SetDefault("ns3::TcpL4Protocol::SocketType", TypeIdValue(ccType));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(segment));
    Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(10));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(delAck));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(buffers));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(buffers));
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(Seconds(minRto)));
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(true));

    NodeContainer routers;
    routers.Create(2);
    NodeContainer senders;
    senders.Create(flows);
    NodeContainer receivers;
    receivers.Create(flows);
    InternetStackHelper stack;
    stack.InstallAll();

    PointToPointHelper bottleneck;
    bottleneck.SetDeviceAttribute("DataRate", DataRateValue(DataRate(static_cast<uint64_t>(rate))));
    bottleneck.SetChannelAttribute("Delay", TimeValue(Seconds(rtt / 2)));
    bottleneck.SetQueue("ns3::DropTailQueue",
                        "MaxSize",
                        QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, buffer)));
    NetDeviceContainer core = bottleneck.Install(routers.Get(0), routers.Get(1));

    PointToPointHelper access;
    access.SetDeviceAttribute("DataRate", DataRateValue(DataRate(static_cast<uint64_t>(rate * 100))));
    access.SetChannelAttribute("Delay", TimeValue(Seconds(0)));

    Ipv4AddressHelper address;
    address.SetBase("10.0.0.0", "255.255.255.252");
    address.Assign(core);
    std::vector<Ipv4Address> sinks;
    for (uint32_t i = 0; i < flows; ++i)
    {
        address.NewNetwork();
        address.Assign(access.Install(senders.Get(i), routers.Get(0)));
        address.NewNetwork();
        Ipv4InterfaceContainer in = address.Assign(access.Install(routers.Get(1), receivers.Get(i)));
        sinks.push_back(in.GetAddress(1));
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    // Only the device's own drop-tail queue at the bottleneck (no queue disc in front of it). With
    // flow control, a full device queue stops, and the traffic-control layer then drops what comes
    // (its "TcDrop" trace); the queue itself would drop only if it were not stopped. Both are counted.
    TrafficControlHelper tc;
    tc.Uninstall(core.Get(0));
    Ptr<PointToPointNetDevice> dev = DynamicCast<PointToPointNetDevice>(core.Get(0));
    bool hooked = routers.Get(0)->GetObject<TrafficControlLayer>()->TraceConnectWithoutContext(
                      "TcDrop",
                      MakeCallback(&OnDrop)) &&
                  dev->GetQueue()->TraceConnectWithoutContext("Drop", MakeCallback(&OnDrop)) &&
                  dev->TraceConnectWithoutContext("PhyTxEnd", MakeCallback(&OnTxEnd));
    NS_ABORT_MSG_UNLESS(hooked, "a trace source was not found");

    double end = warmup + duration;
    for (uint32_t i = 0; i < flows; ++i)
    {
        uint16_t port = 5000 + i;
        PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
        ApplicationContainer sinkApp = sink.Install(receivers.Get(i));
        sinkApp.Start(Seconds(0));
        sinkApp.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&OnSinkRx, i));

        BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(sinks[i], port));
        bulk.SetAttribute("MaxBytes", UintegerValue(0));
        bulk.SetAttribute("SendSize", UintegerValue(segment));
        ApplicationContainer app = bulk.Install(senders.Get(i));
        double start = flows > 1 ? i * spread / flows : 0;
        app.Start(Seconds(start));
        app.Stop(Seconds(end));
        Ptr<BulkSendApplication> bulkApp = DynamicCast<BulkSendApplication>(app.Get(0));
        Simulator::Schedule(Seconds(start + 1e-6), &WatchSocket, bulkApp);
    }

    Simulator::Stop(Seconds(end + 1));
    Simulator::Run();
    Simulator::Destroy();

    std::printf("{\"cc\":\"%s\",\"flows\":%u,\"buffer\":%u,\"utilization\":%.6f,\"drops\":%llu,"
                "\"timeouts\":%llu,\"goodputBps\":[",
                cc.c_str(),
                flows,
                buffer,
                g_busyBytes * 8 / rate / duration,
                static_cast<unsigned long long>(g_drops),
                static_cast<unsigned long long>(g_timeouts));
    for (uint32_t i = 0; i < flows; ++i)
    {
        std::printf("%s%.3f", i ? "," : "", g_received[i] * 8 / duration);
    }
    std::printf("]}\n");
    return 0;
}
